using Tailwart.Core.Tls;

namespace Tailwart.Core.Probes;

/// <summary>
/// A well-behaved IMAP client: greeting, CAPABILITY, STARTTLS when offered on 143 (or TLS first
/// on 993), then LOGOUT. No login is attempted.
/// </summary>
internal static class ImapConversation
{
    public static async Task<ConversationOutcome> RunAsync(Stream stream, bool implicitTls, string serverName, TimeSpan timeout, CancellationToken ct)
    {
        (stream, ServedCertificate? certificate) = await TlsHandshake.WhenAsync(implicitTls, stream, serverName, timeout, ct).ConfigureAwait(false);
        var session = new TextSession(stream, timeout);
        string? greeting = await session.ReadLineAsync(ct).ConfigureAwait(false);
        if (greeting is null)
            return new ConversationOutcome(null, certificate, "accepted, then closed before the greeting", ClosedBeforeGreeting: true);
        if (!greeting.StartsWith("* OK", StringComparison.OrdinalIgnoreCase))
            return new ConversationOutcome(greeting, certificate, $"refused at greeting: {greeting}");
        await session.WriteLineAsync("a1 CAPABILITY", ct).ConfigureAwait(false);
        IReadOnlyList<string> caps = await session.ReadImapUntilAsync("a1", ct).ConfigureAwait(false) ?? throw new IOException("connection closed after CAPABILITY");
        if (!implicitTls && caps.Any(l => l.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase)))
        {
            await session.WriteLineAsync("a2 STARTTLS", ct).ConfigureAwait(false);
            IReadOnlyList<string>? ok = await session.ReadImapUntilAsync("a2", ct).ConfigureAwait(false);
            if (ok is null || !ok[^1].StartsWith("a2 OK", StringComparison.OrdinalIgnoreCase))
                return new ConversationOutcome(greeting, null, $"STARTTLS refused: {ok?[^1] ?? "connection closed"}");
            var (ssl, cert) = await TlsHandshake.RunAsync(session.Stream, serverName, timeout, ct).ConfigureAwait(false);
            session.Upgrade(ssl);
            certificate = cert;
        }
        try
        {
            await session.WriteLineAsync("a3 LOGOUT", ct).ConfigureAwait(false);
            await session.ReadImapUntilAsync("a3", ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            // Leaving is best effort.
        }
        return new ConversationOutcome(greeting, certificate, $"{greeting}; {(certificate is null ? "no TLS offered" : "TLS ok")}");
    }
}
