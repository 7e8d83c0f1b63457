using System.Net;
using Tailwart.Core.Checks;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// Does the domain's SPF let the box's WAN IP send as postmaster@domain, as a receiver's
/// check_host() would conclude? A Fail bounces or spams Stalwart's outbound mail; a PermError
/// (too many lookups, two records) is treated by most receivers like no SPF at all.
/// </summary>
internal sealed class SpfCheck(IPostmasterDns dns)
{
    /// <summary>Lookups from here on leave little room: one more include by a provider and the record breaks.</summary>
    public const int NearLimit = 8;

    public async Task<IReadOnlyList<Finding>> RunAsync(string domain, IReadOnlyList<IPAddress> wan, CancellationToken ct = default)
    {
        var findings = new List<Finding>();
        foreach (IPAddress ip in wan)
        {
            SpfEvaluation e = await new SpfEvaluator(dns).CheckHostAsync(ip, domain, "postmaster@" + domain, ct).ConfigureAwait(false);
            string evidence = $"{domain} TXT \"{e.Record ?? "(none)"}\"; {ip}: {e.Result.ToString().ToLowerInvariant()}"
                + (e.Matched is null ? "" : $" by {e.Matched}") + (e.Reason is null ? "" : $" — {e.Reason}") + $"; {e.Lookups} of {SpfEvaluator.LookupLimit} lookups";
            findings.Add(e.Result switch
            {
                SpfResult.Pass => new Finding("postmaster.spf-pass", Severity.Ok, $"SPF authorises the WAN IP {ip}", evidence, null, "Nothing to do."),
                SpfResult.None => new Finding("postmaster.spf-missing", Severity.Failure, $"{domain} has no SPF record", evidence, null,
                    $"Publish {domain} TXT \"v=spf1 mx ip{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "4" : "6")}:{ip} -all\"; receivers (Gmail, Microsoft) junk or refuse unauthenticated mail."),
                SpfResult.Fail => new Finding("postmaster.spf-fail", Severity.Failure, $"SPF of {domain} rejects mail from the WAN IP {ip}", evidence, null,
                    $"Add ip{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "4" : "6")}:{ip} (or mx, if the MX host resolves to it) before the -all."),
                SpfResult.SoftFail or SpfResult.Neutral => new Finding("postmaster.spf-not-authorised", Severity.Warning, $"SPF of {domain} does not authorise the WAN IP {ip} ({e.Result.ToString().ToLowerInvariant()})", evidence, null,
                    $"Add ip{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "4" : "6")}:{ip} to the record; a softfail or neutral result counts against Stalwart's mail at most receivers."),
                SpfResult.TempError => new Finding("postmaster.spf-temperror", Severity.Warning, $"SPF of {domain} could not be evaluated (temporary DNS error)", evidence, null,
                    "Receivers defer or accept unauthenticated; check the zone's name servers and dns.resolver."),
                _ => new Finding("postmaster.spf-permerror", Severity.Failure, $"SPF of {domain} is broken (permerror)", evidence, null,
                    "Receivers treat a broken record as a failure or as no SPF. Fix what the evidence names: flatten includes to stay within 10 lookups, keep one v=spf1 record."),
            });
            if (e.Result == SpfResult.Pass && e.Lookups >= NearLimit)
                findings.Add(new Finding("postmaster.spf-near-limit", Severity.Warning, $"SPF of {domain} needs {e.Lookups} of {SpfEvaluator.LookupLimit} DNS lookups", evidence, null,
                    "A provider adding one include to theirs breaks yours; replace includes with ip4:/ip6: ranges where you can."));
        }
        return findings;
    }
}
