using Tailwart.Core.Net;

namespace Tailwart.Tests.Reliability;

/// <summary>A <see cref="DirectConnector"/> whose every connection goes to one loopback port, so a whole sweep meets one test peer.</summary>
internal sealed class RedirectingConnector(DirectConnector inner, int targetPort) : IConnector
{
    public string PathName => inner.PathName;

    private readonly int _target = targetPort;

    public Task<Stream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct) =>
        inner.ConnectAsync("127.0.0.1", _target, timeout, ct);
}
