using System.Net.Security;
using System.Security.Authentication;

namespace Tailwart.Lab.Stalwart;

/// <summary>Server-side TLS with per-SNI certificate selection; a failed handshake counts as malformed input.</summary>
internal static class Tls
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public static async Task<SslStream?> AcceptAsync(Stream inner, SessionContext ctx, CancellationToken ct)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(HandshakeTimeout);
        try
        {
            // The options callback (not a certificate callback) so the prepared context is used as it is.
            await ssl.AuthenticateAsServerAsync((_, hello, _, _) => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = ctx.Services.Lab.FallbackListeners.Contains(ctx.ListenerId)
                    ? ctx.Services.Certs.Fallback(hello.ServerName, ctx.ListenerId)
                    : ctx.Services.Certs.Select(hello.ServerName, ctx.ListenerId),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
            }), null, timeout.Token);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await ssl.DisposeAsync();
            // Not counted towards a scan ban: Stalwart only emits TlsEvent::HandshakeError and drops the session, no fail2ban
            // call beside it (v0.16.18 crates/common/src/network/listen.rs 403-410; v0.15.5 crates/common/src/listener/listen.rs 394).
            return null;
        }
    }
}
