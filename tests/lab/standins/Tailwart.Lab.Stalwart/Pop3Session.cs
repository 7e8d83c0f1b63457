namespace Tailwart.Lab.Stalwart;

/// <summary>
/// POP3 (0.16 mode's pop3s 995, implicit TLS): Stalwart's greeting and farewell (v0.16.18
/// crates/pop3/src/lib.rs SERVER_GREETING, op/delete.rs), CAPA, NOOP and QUIT. The stand-in has no
/// mailboxes: everything else answers -ERR. Enough for a listener to be there and greet as Stalwart does.
/// </summary>
internal sealed class Pop3Session(LineChannel io)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await io.WriteAsync("+OK Stalwart POP3 at your service.\r\n", ct);
        while (await io.ReadLineAsync(ct) is { } line)
        {
            switch (line.Split(' ', 2)[0].ToUpperInvariant())
            {
                case "QUIT":
                    await io.WriteAsync("+OK Stalwart POP3 bids you farewell.\r\n", ct);
                    return;
                case "CAPA":
                    await io.WriteAsync("+OK Capability list follows\r\nTOP\r\nUSER\r\nUIDL\r\nIMPLEMENTATION Stalwart Server\r\n.\r\n", ct);
                    break;
                case "NOOP":
                    await io.WriteAsync("+OK\r\n", ct);
                    break;
                default:
                    await io.WriteAsync("-ERR Command not supported.\r\n", ct);
                    break;
            }
        }
    }
}
