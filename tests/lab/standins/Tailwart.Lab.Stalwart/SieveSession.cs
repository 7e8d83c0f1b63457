namespace Tailwart.Lab.Stalwart;

/// <summary>
/// ManageSieve (0.16 mode's sieve 4190, plain): the capability greeting and OK line as Stalwart sends
/// them (v0.16.18 crates/managesieve/src/lib.rs SERVER_GREETING, op/capability.rs), CAPABILITY and
/// LOGOUT. Differs: no STARTTLS upgrade (answered NO) and no SIEVE extensions; tailwart never speaks Sieve.
/// </summary>
internal sealed class SieveSession(LineChannel io, bool tls)
{
    private string Capabilities =>
        "\"IMPLEMENTATION\" \"Stalwart ManageSieve\"\r\n\"VERSION\" \"1.0\"\r\n" + (tls ? "" : "\"STARTTLS\"\r\n")
        + (tls ? "\"SASL\" \"PLAIN OAUTHBEARER XOAUTH2\"\r\n" : "\"SASL\" \"OAUTHBEARER XOAUTH2\"\r\n") + "\"SIEVE\" \"\"\r\n";

    public async Task RunAsync(CancellationToken ct)
    {
        await io.WriteAsync(Capabilities + "OK \"Stalwart ManageSieve at your service.\"\r\n", ct);
        while (await io.ReadLineAsync(ct) is { } line)
        {
            switch (line.Split(' ', 2)[0].ToUpperInvariant())
            {
                case "LOGOUT":
                    await io.WriteAsync("OK \"Stalwart ManageSieve bids you farewell.\"\r\n", ct);
                    return;
                case "CAPABILITY":
                    await io.WriteAsync(Capabilities + "OK \"Success\"\r\n", ct);
                    break;
                default:
                    await io.WriteAsync("NO \"Command not supported.\"\r\n", ct);
                    break;
            }
        }
    }
}
