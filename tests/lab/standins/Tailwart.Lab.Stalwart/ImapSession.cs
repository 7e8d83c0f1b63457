namespace Tailwart.Lab.Stalwart;

/// <summary>
/// IMAP (143 STARTTLS, 993 implicit): greeting with capabilities, CAPABILITY, STARTTLS, NOOP, LOGOUT.
/// Anything else (including LOGIN: the stand-in has no mailboxes) answers BAD/NO; untagged garbage
/// counts toward the scan ban of the (proxied) client IP.
/// </summary>
internal sealed class ImapSession(SessionContext ctx, LineChannel io, bool tlsActive)
{
    private const int MaxErrors = 10;
    private bool _tls = tlsActive;
    private int _errors;

    private string Capabilities =>
        "IMAP4rev2 IMAP4rev1 ENABLE SASL-IR LITERAL+ ID UTF8=ACCEPT" + (_tls ? " AUTH=PLAIN" : " STARTTLS LOGINDISABLED");

    public async Task RunAsync(CancellationToken ct)
    {
        await io.WriteAsync($"* OK [CAPABILITY {Capabilities}] Stalwart IMAP4rev2 at your service.\r\n", ct);
        while (true)
        {
            string? line;
            try
            {
                line = await io.ReadLineAsync(ct);
            }
            catch (LineTooLongException)
            {
                await MalformedAsync("line too long", ct);
                await io.WriteAsync("* BYE Line too long.\r\n", ct);
                return;
            }
            if (line is null) return;

            var parts = line.Split(' ', 3);
            if (parts.Length < 2 || parts[0].Length == 0 || !parts[0].All(c => char.IsAsciiLetterOrDigit(c) || c == '.'))
            {
                await MalformedAsync(line.Length > 64 ? line[..64] : line, ct);
                if (++_errors >= MaxErrors)
                {
                    await io.WriteAsync("* BYE Too many errors.\r\n", ct);
                    return;
                }
                await io.WriteAsync("* BAD Invalid tag.\r\n", ct);
                continue;
            }
            var tag = parts[0];
            switch (parts[1].ToUpperInvariant())
            {
                case "CAPABILITY":
                    await io.WriteAsync($"* CAPABILITY {Capabilities}\r\n{tag} OK CAPABILITY completed\r\n", ct);
                    break;
                case "NOOP":
                    await io.WriteAsync($"{tag} OK NOOP completed\r\n", ct);
                    break;
                case "LOGOUT":
                    await io.WriteAsync($"* BYE Stalwart IMAP4rev2 bids you farewell.\r\n{tag} OK LOGOUT completed\r\n", ct);
                    return;
                case "STARTTLS" when !_tls:
                    await io.WriteAsync($"{tag} OK Begin TLS negotiation now\r\n", ct);
                    var ssl = await Tls.AcceptAsync(io.Stream, ctx, ct);
                    if (ssl is null) return;
                    io.SwitchTo(ssl);
                    _tls = true;
                    break;
                case "STARTTLS":
                    await io.WriteAsync($"{tag} BAD Already in TLS mode.\r\n", ct);
                    break;
                case "LOGIN" or "AUTHENTICATE":
                    await io.WriteAsync(_tls
                        ? $"{tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"
                        : $"{tag} NO [PRIVACYREQUIRED] LOGIN is disabled on the clear-text port.\r\n", ct);
                    break;
                default:
                    await MalformedAsync(parts[1].Length > 32 ? parts[1][..32] : parts[1], ct);
                    if (++_errors >= MaxErrors)
                    {
                        await io.WriteAsync("* BYE Too many errors.\r\n", ct);
                        return;
                    }
                    await io.WriteAsync($"{tag} BAD Command not supported.\r\n", ct);
                    break;
            }
        }
    }

    private Task MalformedAsync(string what, CancellationToken ct) =>
        ctx.Services.Bans.RecordMalformedAsync(ctx.ClientIp, $"invalid IMAP command on {ctx.ListenerId}: {what}", ct);
}
