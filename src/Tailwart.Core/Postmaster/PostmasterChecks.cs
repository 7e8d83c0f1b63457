using System.Net;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// The postmaster checks as the doctor (and the Checks pane) runs them, each with its own id
/// under <c>postmaster.</c> (so <c>--only postmaster</c> runs them all) and its own deadline.
/// All lookups go through dns.resolver; none connects to the mail ports.
/// </summary>
internal static class PostmasterChecks
{
    public const string BlocklistCacheFile = "dnsbl-cache.tsv";
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(3);

    /// <param name="stateDirectory">Where the blocklist cache lives; null keeps no cache (tests).</param>
    /// <param name="certificateSweep">The doctor's one certificate sweep (shared with the certs check, so DANE opens no connection of its own); null leaves DANE out.</param>
    /// <param name="dkimKeys">Stalwart's DKIM keys through its API; null leaves the DKIM check out.</param>
    public static IReadOnlyList<IDoctorCheck> Build(TailwartConfig config, string? stateDirectory, Func<CancellationToken, Task<CertsOutcome>>? certificateSweep = null, TimeProvider? time = null,
        Func<CancellationToken, Task<IReadOnlyList<Stalwart.DkimKey>>>? dkimKeys = null)
    {
        var dns = new PostmasterDns(config.Dns.Resolver, LookupTimeout);
        string domain = config.Mail.Domain;
        return
        [
            new DoctorCheck("postmaster.rdns", "Reverse DNS of the sending IPs (forward-confirmed, the name Stalwart announces)", TimeSpan.FromSeconds(50),
                ct => WithSendersAsync(config, dns, async (ips, token) =>
                {
                    // The greeting comes from the doctor's one sweep (the guarded probe path), never from a connection of this check's own.
                    string? banner = certificateSweep is null ? null : SmtpBanner(await certificateSweep(token).ConfigureAwait(false), config.Mail.Hostnames.Mail);
                    return await new ReverseDnsCheck(dns).RunAsync(ips, config.Mail.Hostnames.Mail, banner, token).ConfigureAwait(false);
                }, ct)),
            new DoctorCheck("postmaster.spf", "SPF authorises the sending IPs (as a receiver evaluates it)", TimeSpan.FromSeconds(20),
                ct => WithSendersAsync(config, dns, (ips, token) => new SpfCheck(dns).RunAsync(domain, ips, token), ct)),
            new DoctorCheck("postmaster.dmarc", "DMARC and TLS-RPT records", TimeSpan.FromSeconds(10), ct => new DmarcCheck(dns).RunAsync(domain, ct)),
            new DoctorCheck("postmaster.blocklists", "DNS blocklists (sending IPs and the domain)", TimeSpan.FromSeconds(20), ct => WithSendersAsync(config, dns, (ips, token) =>
            {
                string? path = stateDirectory is null ? null : Path.Combine(State.StatePaths.EnsurePrivateDirectory(stateDirectory), BlocklistCacheFile);
                return new BlocklistCheck(dns, config.Postmaster.Blocklists, new DnsblCache(path, time ?? TimeProvider.System)).RunAsync(domain, ips, token);
            }, ct)),
            .. dkimKeys is null ? Array.Empty<IDoctorCheck>() :
            [
                new DoctorCheck("postmaster.dkim", "DKIM: each key Stalwart signs with is published, with Stalwart's public key", TimeSpan.FromSeconds(20), async ct =>
                {
                    IReadOnlyList<Stalwart.DkimKey> keys;
                    try
                    {
                        keys = await dkimKeys(ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is Stalwart.StalwartApiException or UserFacingException)
                    {
                        return [new Finding("postmaster.dkim-unread", Severity.Warning, "Stalwart's DKIM keys could not be read, so DKIM was not checked", e.Message, null,
                            "Check stalwart.adminUrl and the admin credential (tailwart doctor's bans check reads the same API).")];
                    }
                    return await new DkimCheck(dns).RunAsync(keys, ct).ConfigureAwait(false);
                }),
            ],
            .. certificateSweep is null ? Array.Empty<IDoctorCheck>() :
            [
                new DoctorCheck("postmaster.dane", "DANE TLSA of each MX against the certificate served on :25, and DNSSEC", TimeSpan.FromSeconds(50), async ct =>
                {
                    CertsOutcome sweep = await certificateSweep(ct).ConfigureAwait(false);
                    return await new DaneCheck(dns, time ?? TimeProvider.System).RunAsync(domain, sweep.Observations,
                        sweep.SweepRefused ? "the certificate sweep was skipped: budget (it shares the probe budget)" : null, ct).ConfigureAwait(false);
                }),
            ],
        ];
    }

    private static string? SmtpBanner(CertsOutcome sweep, string mailHost) =>
        sweep.Observations.Where(o => o.Port == 25 && o.Banner is not null)
            .OrderBy(o => string.Equals(o.Hostname, mailHost, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(o => o.Path == "edge" ? 0 : 1)
            .Select(o => o.Banner).FirstOrDefault();

    private static async Task<IReadOnlyList<Finding>> WithSendersAsync(TailwartConfig config, IPostmasterDns dns, Func<IReadOnlyList<IPAddress>, CancellationToken, Task<IReadOnlyList<Finding>>> run, CancellationToken ct)
    {
        var (ips, problem) = await SendingAddresses.ResolveAsync(config, dns, ct).ConfigureAwait(false);
        if (ips.Count == 0)
            return [new Finding("postmaster.sending-ip-unknown", Severity.Warning, "The sending IP is not known", problem ?? "no address", null,
                "Set edge.wanIp (or postmaster.sendingIps) in tailwart.json to the public address Stalwart's mail leaves from.")];
        return await run(ips, ct).ConfigureAwait(false);
    }
}
