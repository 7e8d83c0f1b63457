namespace Tailwart.Core.Net;

/// <summary>
/// Opens connections through another connector and writes a PROXY protocol v2 header with the LOCAL
/// command first. Stalwart's proxy trusted networks cover every listener, the admin listener included,
/// unless a listener overrides them (v0.16.18 crates/common/src/config/server/listener.rs 216–220;
/// v0.15.5 crates/common/src/config/server/listener.rs 180–193), and from a trusted peer the header is
/// mandatory: without one the connection is dropped with <c>network.proxy-error</c>
/// (v0.16.18 crates/common/src/network/listen.rs 130–160, v0.15.5 crates/common/src/listener/listen.rs 128–155).
/// LOCAL carries no addresses, and Stalwart then keeps the socket address
/// (<c>proxied_address().map(|a| a.source).unwrap_or(remote_addr)</c>): the box speaks for itself and
/// claims no other client's address, so bans and the allow-list still apply to the box's own IP.
/// </summary>
internal sealed class ProxyLocalConnector(IConnector inner) : IConnector
{
    /// <summary>The 12-byte v2 signature, version 2 + LOCAL (0x20), family UNSPEC (0x00), no address block.</summary>
    internal static readonly byte[] Header = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00];

    public string PathName => inner.PathName;

    public async Task<Stream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        Stream stream = await inner.ConnectAsync(host, port, timeout, ct).ConfigureAwait(false);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            await stream.WriteAsync(Header, deadline.Token).ConfigureAwait(false);
            await stream.FlushAsync(deadline.Token).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
