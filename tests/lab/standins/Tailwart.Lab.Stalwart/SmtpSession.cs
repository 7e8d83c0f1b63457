namespace Tailwart.Lab.Stalwart;

/// <summary>
/// SMTP/submission: greeting, EHLO/HELO (STARTTLS advertised until TLS is on), STARTTLS, NOOP, RSET,
/// MAIL/RCPT/DATA (accepted, then discarded: the stand-in relays nothing), QUIT. Unknown or garbage
/// lines answer <c>500 5.5.1 Invalid command.</c> and count toward the scan ban of the (proxied) client IP.
/// Response texts follow Stalwart's; exact wording of the rarer ones is from memory, not captured.
/// </summary>
internal sealed class SmtpSession(SessionContext ctx, LineChannel io, bool tlsActive)
{
    private const int MaxErrors = 10;
    private const long MaxMessageBytes = 10 * 1024 * 1024;
    private bool _tls = tlsActive;
    private bool _helo;
    private bool _mail;
    private int _rcpts;
    private int _errors;

    private string Host => ctx.Services.Config.Hostname;

    public async Task RunAsync(CancellationToken ct)
    {
        await io.WriteAsync($"220 {Host} Stalwart ESMTP at your service\r\n", ct);
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
                await io.WriteAsync("500 5.5.2 Line is too long.\r\n", ct);
                return;
            }
            if (line is null) return;

            var verb = (line.Split(' ', 2)[0]).ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" when line.Length > 5:
                    _helo = true;
                    ResetTransaction();
                    await io.WriteAsync(Ehlo(), ct);
                    break;
                case "HELO" when line.Length > 5:
                    _helo = true;
                    ResetTransaction();
                    await io.WriteAsync($"250 {Host} you had me at HELO\r\n", ct);
                    break;
                case "STARTTLS" when !_tls:
                    await io.WriteAsync("220 2.0.0 Ready to start TLS.\r\n", ct);
                    var ssl = await Tls.AcceptAsync(io.Stream, ctx, ct);
                    if (ssl is null) return;
                    io.SwitchTo(ssl);
                    _tls = true;
                    _helo = false;
                    ResetTransaction();
                    break;
                case "STARTTLS":
                    await io.WriteAsync("504 5.7.4 Already in TLS mode.\r\n", ct);
                    break;
                case "NOOP":
                    await io.WriteAsync("250 2.0.0 OK\r\n", ct);
                    break;
                case "RSET":
                    ResetTransaction();
                    await io.WriteAsync("250 2.0.0 OK\r\n", ct);
                    break;
                case "QUIT":
                    await io.WriteAsync("221 2.0.0 Bye.\r\n", ct);
                    return;
                case "MAIL" when line.StartsWith("MAIL FROM:", StringComparison.OrdinalIgnoreCase):
                    if (!_helo)
                    {
                        await io.WriteAsync("503 5.5.1 Polite people say EHLO first.\r\n", ct);
                        break;
                    }
                    _mail = true;
                    await io.WriteAsync("250 2.1.0 OK\r\n", ct);
                    break;
                case "RCPT" when line.StartsWith("RCPT TO:", StringComparison.OrdinalIgnoreCase):
                    if (!_mail)
                    {
                        await io.WriteAsync("503 5.5.1 MAIL is required first.\r\n", ct);
                        break;
                    }
                    _rcpts++;
                    await io.WriteAsync("250 2.1.5 OK\r\n", ct);
                    break;
                case "DATA":
                    if (_rcpts == 0)
                    {
                        await io.WriteAsync("503 5.5.1 RCPT is required first.\r\n", ct);
                        break;
                    }
                    await io.WriteAsync("354 Start mail input; end with <CRLF>.<CRLF>\r\n", ct);
                    if (!await DiscardMessageAsync(ct)) return;
                    ResetTransaction();
                    await io.WriteAsync("250 2.0.0 Message queued for delivery.\r\n", ct);
                    break;
                default:
                    await MalformedAsync(line.Length > 64 ? line[..64] : line, ct);
                    if (++_errors >= MaxErrors)
                    {
                        await io.WriteAsync("421 4.3.0 Too many errors, disconnecting.\r\n", ct);
                        return;
                    }
                    await io.WriteAsync("500 5.5.1 Invalid command.\r\n", ct);
                    break;
            }
        }
    }

    private string Ehlo()
    {
        var caps = new List<string> { $"{Host} you had me at EHLO", "8BITMIME", "ENHANCEDSTATUSCODES", "PIPELINING", "SIZE 104857600" };
        if (!_tls) caps.Add("STARTTLS");
        caps.Add("SMTPUTF8");
        return string.Concat(caps.Select((c, i) => (i == caps.Count - 1 ? "250 " : "250-") + c + "\r\n"));
    }

    private async Task<bool> DiscardMessageAsync(CancellationToken ct)
    {
        long total = 0;
        while (true)
        {
            string? line;
            try
            {
                line = await io.ReadLineAsync(ct);
            }
            catch (LineTooLongException)
            {
                total += LineChannel.MaxLine;
                continue;
            }
            if (line is null) return false;
            if (line == ".") return true;
            total += line.Length + 2;
            if (total > MaxMessageBytes)
            {
                await io.WriteAsync("552 5.3.4 Message too big for system.\r\n", ct);
                return false;
            }
        }
    }

    private void ResetTransaction()
    {
        _mail = false;
        _rcpts = 0;
    }

    private Task MalformedAsync(string what, CancellationToken ct) =>
        ctx.Services.Bans.RecordMalformedAsync(ctx.ClientIp, $"invalid SMTP command on {ctx.ListenerId}: {what}", ct);
}
