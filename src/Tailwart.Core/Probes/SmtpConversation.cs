using Tailwart.Core.Tls;

namespace Tailwart.Core.Probes;

/// <summary>
/// A well-behaved SMTP client: waits for the greeting, says EHLO, upgrades with STARTTLS when
/// offered (or starts in TLS on 465), says EHLO again, and QUITs. Nothing malformed is ever sent,
/// so a probe cannot count toward an auto-ban (lesson 3).
/// </summary>
internal static class SmtpConversation
{
    public static async Task<ConversationOutcome> RunAsync(Stream stream, bool implicitTls, string serverName, string heloName, TimeSpan timeout, CancellationToken ct)
    {
        (stream, ServedCertificate? certificate) = await TlsHandshake.WhenAsync(implicitTls, stream, serverName, timeout, ct).ConfigureAwait(false);
        var session = new TextSession(stream, timeout);
        IReadOnlyList<string>? greeting = await session.ReadSmtpReplyAsync(ct).ConfigureAwait(false);
        if (greeting is null)
            return new ConversationOutcome(null, certificate, "accepted, then closed before the greeting", ClosedBeforeGreeting: true);
        string banner = greeting[0];
        if (!banner.StartsWith("220", StringComparison.Ordinal))
        {
            await QuitAsync(session, ct).ConfigureAwait(false);
            return new ConversationOutcome(banner, certificate, $"refused at greeting: {banner}");
        }
        IReadOnlyList<string> ehlo = await EhloAsync(session, heloName, ct).ConfigureAwait(false);
        if (!implicitTls && ehlo.Any(l => l.Length > 4 && l[4..].StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase)))
        {
            await session.WriteLineAsync("STARTTLS", ct).ConfigureAwait(false);
            IReadOnlyList<string>? ready = await session.ReadSmtpReplyAsync(ct).ConfigureAwait(false);
            if (ready is null || !ready[0].StartsWith("220", StringComparison.Ordinal))
                return new ConversationOutcome(banner, null, $"STARTTLS refused: {ready?[0] ?? "connection closed"}");
            var (ssl, cert) = await TlsHandshake.RunAsync(session.Stream, serverName, timeout, ct).ConfigureAwait(false);
            session.Upgrade(ssl);
            certificate = cert;
            await EhloAsync(session, heloName, ct).ConfigureAwait(false);
        }
        await QuitAsync(session, ct).ConfigureAwait(false);
        string tls = certificate is null ? "no TLS offered" : "TLS ok";
        return new ConversationOutcome(banner, certificate, $"{banner}; {tls}");
    }

    private static async Task<IReadOnlyList<string>> EhloAsync(TextSession session, string heloName, CancellationToken ct)
    {
        await session.WriteLineAsync("EHLO " + heloName, ct).ConfigureAwait(false);
        return await session.ReadSmtpReplyAsync(ct).ConfigureAwait(false) ?? throw new IOException("connection closed after EHLO");
    }

    private static async Task QuitAsync(TextSession session, CancellationToken ct)
    {
        try
        {
            await session.WriteLineAsync("QUIT", ct).ConfigureAwait(false);
            await session.ReadSmtpReplyAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            // Leaving is best effort: the probe already has its answer.
        }
    }
}
