using System.Net;
using DnsClient;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// The WAN IPs (IPv4 and IPv6) against the IP blocklists and the domain against the domain lists
/// of postmaster.blocklists. Answers are cached for cacheMinutes and at most maxQueriesPerRun new
/// queries go out per run (the rest wait for the next run and say so), because public DNSBLs
/// rate-limit and then answer "refused", which must not be read as a listing.
/// </summary>
internal sealed class BlocklistCheck(IPostmasterDns dns, BlocklistSettings settings, DnsblCache cache)
{
    public async Task<IReadOnlyList<Finding>> RunAsync(string domain, IReadOnlyList<IPAddress> wan, CancellationToken ct = default)
    {
        var queries = new List<(string Zone, string Subject, string Query)>();
        foreach (IPAddress ip in wan)
            queries.AddRange(settings.IpZones.Select(z => (z, ip.ToString(), $"{ReverseDns.ReversedLabels(ip)}.{z}")));
        queries.AddRange(settings.DomainZones.Select(z => (z, domain, $"{domain}.{z}")));

        var findings = new List<Finding>();
        var clean = new List<string>();
        var skipped = new List<string>();
        TimeSpan ttl = TimeSpan.FromMinutes(settings.CacheMinutes);
        var pending = new List<(string Subject, Task<(DnsblAnswer Answer, bool Cached)> Answer)>();
        int sent = 0;
        foreach (var (zone, subject, query) in queries)
        {
            if (cache.TryGet(query, ttl, out DnsblVerdict cachedVerdict, out IReadOnlyList<string> cachedCodes))
                pending.Add((subject, Task.FromResult((new DnsblAnswer(zone, query, cachedVerdict, cachedCodes), true))));
            else if (sent++ < settings.MaxQueriesPerRun)
                pending.Add((subject, AskAsync(zone, query, ct)));
            else
                skipped.Add($"{subject} on {zone}");
        }
        // The queries go out together (each bounded by the resolver's timeout), so a slow list costs one timeout, not one each.
        await Task.WhenAll(pending.Select(p => p.Answer)).ConfigureAwait(false);
        foreach (var (subject, task) in pending)
        {
            var (answer, cached) = task.Result;
            if (!cached)
                cache.Put(answer);
            if (answer.Verdict == DnsblVerdict.Clean)
                clean.Add(answer.Zone);
            else
                findings.Add(Describe(answer, subject, cached ? " (cached)" : ""));
        }
        cache.Save();
        if (clean.Count > 0)
            findings.Add(new("postmaster.dnsbl-clean", Severity.Ok, $"Not listed on {clean.Count} blocklist quer{(clean.Count == 1 ? "y" : "ies")}", string.Join(", ", clean.Distinct()), null, "Nothing to do."));
        if (skipped.Count > 0)
            findings.Add(new("postmaster.dnsbl-skipped", Severity.Info, $"{skipped.Count} blocklist quer{(skipped.Count == 1 ? "y" : "ies")} skipped: budget", string.Join(", ", skipped) + $"; at most {settings.MaxQueriesPerRun} new queries per run", null,
                "They are asked on the next run; raise postmaster.blocklists.maxQueriesPerRun only for lists that allow it."));
        return findings;
    }

    private async Task<(DnsblAnswer, bool)> AskAsync(string zone, string query, CancellationToken ct) =>
        (DnsblAnswer.Classify(zone, query, await dns.QueryAsync(query, QueryType.A, ct).ConfigureAwait(false)), false);

    private static Finding Describe(DnsblAnswer a, string subject, string from) => a.Verdict switch
    {
        DnsblVerdict.Listed => new("postmaster.dnsbl-listed", Severity.Failure, $"{subject} is listed on {a.Zone}", $"{a.Query} A {a.Meaning()}{from}", null,
            $"Receivers using {a.Zone} refuse or junk Stalwart's mail. Find out why (the list's lookup page for {subject}), fix the cause, then ask for delisting."),
        DnsblVerdict.Refused => new("postmaster.dnsbl-refused", Severity.Warning, $"{a.Zone} refused to answer your resolver: {subject} is not known to be listed or clean", $"{a.Query} A {a.Meaning()}{from}", null,
            "This is not a listing. Public resolvers (8.8.8.8, 1.1.1.1) and busy ones are refused; set dns.resolver to a resolver of your own, or drop the zone from postmaster.blocklists."),
        DnsblVerdict.Timeout => new("postmaster.dnsbl-timeout", Severity.Warning, $"{a.Zone} did not answer for {subject}", $"{a.Query} A: no answer within the timeout", null, "Try again later; a list that never answers should be dropped from postmaster.blocklists."),
        DnsblVerdict.Unexpected => new("postmaster.dnsbl-unexpected", Severity.Warning, $"{a.Zone} gave an answer that is not a blocklist code for {subject}", $"{a.Query} A {string.Join(", ", a.Codes)}", null,
            "Your resolver probably rewrites NXDOMAIN (ISP resolvers do); use one that does not, or the results mean nothing."),
        _ => new("postmaster.dnsbl-failed", Severity.Warning, $"The lookup of {subject} on {a.Zone} failed", $"{a.Query} A: the resolver answered with an error", null, "Check dns.resolver; a resolver that does not recurse (an authoritative server) cannot ask blocklists."),
    };
}
