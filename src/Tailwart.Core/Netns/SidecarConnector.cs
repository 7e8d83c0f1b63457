using Tailwart.Core.Net;

namespace Tailwart.Core.Netns;

/// <summary>
/// The "netns" path as an <see cref="IConnector"/>: connections that originate inside the
/// sidecar's network namespace, where Stalwart lives (its loopback is never banned, lesson 3).
/// The sidecar is looked up at each connection, since a recreated sidecar has a new container.
/// </summary>
public sealed class SidecarConnector(Func<CancellationToken, Task<NetnsConnector>> sidecar) : IConnector
{
    public const string Name = "netns";

    public string PathName => Name;

    public async Task<Stream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            NetnsConnector connector = await sidecar(deadline.Token).ConfigureAwait(false);
            return await connector.ConnectStreamAsync(host, port, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {host}:{port} inside the sidecar's netns within {timeout.TotalSeconds:0.#} s");
        }
        catch (NetnsUnavailableException e)
        {
            throw new IOException(e.Message, e);
        }
    }
}
