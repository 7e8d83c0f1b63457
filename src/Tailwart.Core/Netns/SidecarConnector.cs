using System.Net;
using Tailwart.Core.Net;

namespace Tailwart.Core.Netns;

/// <summary>
/// The "netns" path as an <see cref="IConnector"/>: connections that originate inside the
/// sidecar's network namespace, where Stalwart lives (its loopback is never banned, lesson 3).
/// The sidecar is looked up at each connection, since a recreated sidecar has a new container —
/// except while the setns fast path works: its sockets check before each one that the pid still
/// belongs to the sidecar's container, so the last lookup is reused until that check fails, and a
/// 36-handshake sweep does not ask dockerd for the stack 36 times.
/// </summary>
internal sealed class SidecarConnector(Func<CancellationToken, Task<NetnsConnector>> sidecar) : IConnector
{
    public const string Name = "netns";

    private NetnsConnector? _fast;

    public string PathName => Name;

    public async Task<Stream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            if (IPAddress.TryParse(host, out _) && Volatile.Read(ref _fast) is { } known)
            {
                try
                {
                    return await known.ConnectStreamAsync(host, port, deadline.Token).ConfigureAwait(false);
                }
                catch (NetnsUnavailableException)
                {
                    // The sidecar was restarted or recreated since: look it up again below.
                    Interlocked.CompareExchange(ref _fast, null, known);
                }
            }
            NetnsConnector connector = await sidecar(deadline.Token).ConfigureAwait(false);
            if (connector.FastPathUnavailableBecause is null)
                Volatile.Write(ref _fast, connector);
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
