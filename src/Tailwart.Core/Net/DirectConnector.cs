using System.Net;
using System.Net.Sockets;
using Tailwart.Core.Dns;

namespace Tailwart.Core.Net;

/// <summary>Connects from this box, resolving names through the configured resolver (DnsClient).</summary>
internal sealed class DirectConnector(HostResolver resolver, string pathName = "edge") : IConnector
{
    public string PathName { get; } = pathName;

    public async Task<Stream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{host} did not resolve within {timeout.TotalSeconds:0.#} s");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses.ToArray(), port, deadline.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no answer from {host}:{port} within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
