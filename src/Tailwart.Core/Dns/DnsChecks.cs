using DnsClient;
using DnsClient.Protocol;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Dns;

/// <summary>
/// The DNS side of certificates and mail, through the configured resolver: CAA (closest set,
/// RFC 8657 accounturi/validationmethods), the <c>_acme-challenge</c> TXT, MX, MTA-STS TXT,
/// autoconfig/autodiscover, and whether the sidecar's MagicDNS name resolves (lesson 6). With a
/// policy fetcher, also the MTA-STS policy the TXT record announces (<see cref="MtaStsJudge"/>).
/// Every lookup has a timeout; SERVFAIL, NXDOMAIN and timeouts become findings.
/// </summary>
/// <param name="mtaStsPolicy">Fetches the policy over HTTPS; null skips that (the TXT record is still judged).</param>
internal sealed class DnsChecks(TailwartConfig config, ILookupClient dns, MtaStsPolicyFetcher? mtaStsPolicy = null)
{
    public const string LetsEncrypt = "letsencrypt.org";

    /// <summary>
    /// Findings that compare CAA accounturi with Stalwart's ACME account: only a run given Stalwart's
    /// settings (the certs check) can judge them; a run without says only "unverified".
    /// </summary>
    public static bool NeedsStalwartAccount(string findingId) =>
        findingId.StartsWith("dns.caa-", StringComparison.Ordinal) && findingId.Contains("-account", StringComparison.Ordinal);

    /// <param name="acme">Stalwart's ACME settings as its API gave them (its account URI, or why it is unknown); null when they could not be read.</param>
    public async Task<IReadOnlyList<Finding>> RunAsync(AcmeSettings? acme, CancellationToken ct = default)
    {
        var stalwartAccount = (Uri: acme?.AccountUri, UnknownBecause: acme?.AccountUriUnknownBecause);
        var findings = new List<Finding>();
        string domain = config.Mail.Domain;
        try
        {
            await AllChecksAsync(findings, domain, stalwartAccount, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (DnsFailure.Is(e) && !ct.IsCancellationRequested)
        {
            findings.Add(new Finding("dns.resolver-failed", Severity.Warning, $"DNS lookups for {domain} failed", DnsFailure.Describe(e), null,
                "Check dns.resolver in tailwart.json (or the system resolver): it timed out or sent an answer that is not DNS."));
        }
        return findings;
    }

    private async Task AllChecksAsync(List<Finding> findings, string domain, (string? Uri, string? UnknownBecause) stalwartAccount, CancellationToken ct)
    {
        findings.AddRange(await CaaAsync(domain, stalwartAccount, ct).ConfigureAwait(false));
        findings.AddRange(await AcmeChallengeAsync(domain, ct).ConfigureAwait(false));
        findings.AddRange(await MxAsync(domain, ct).ConfigureAwait(false));
        findings.AddRange(await MtaStsAsync(domain, ct).ConfigureAwait(false));
        foreach (string name in new[] { config.Mail.Hostnames.Autoconfig, config.Mail.Hostnames.Autodiscover, config.Mail.Hostnames.MtaSts }.OfType<string>())
            findings.AddRange(await ResolvesAsync(name, "dns.name-missing", $"{name} does not resolve", "Publish an A/AAAA (or CNAME) record pointing at the edge.", null, ct).ConfigureAwait(false));
        findings.AddRange(await ResolvesAsync(config.Tailnet.SidecarMagicDnsName, "dns.magicdns-missing", $"The sidecar's MagicDNS name {config.Tailnet.SidecarMagicDnsName} does not resolve",
            "Check that the sidecar is registered and MagicDNS is on; never fall back to its IP: it changes on re-registration.", 6, ct).ConfigureAwait(false));
    }

    /// <summary>The CAA set that applies: the closest name at or above the domain that has CAA records.</summary>
    public async Task<(string? Owner, IReadOnlyList<CaaEntry> Records, string? Error)> ClosestCaaAsync(string domain, CancellationToken ct)
    {
        for (string? name = domain; name is not null && name.Contains('.', StringComparison.Ordinal); name = Parent(name))
        {
            IDnsQueryResponse response = await dns.AskAsync(name, QueryType.CAA, ct).ConfigureAwait(false);
            if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
                return (name, [], $"{name}: {response.ErrorMessage}");
            var records = response.Answers.OfType<DnsClient.Protocol.CaaRecord>().Select(r => CaaEntry.Parse(name, r.Flags, r.Tag, r.Value)).ToList();
            if (records.Count > 0)
                return (name, records, null);
        }
        return (null, [], null);
    }

    private async Task<IEnumerable<Finding>> CaaAsync(string domain, (string? Uri, string? UnknownBecause) stalwartAccount, CancellationToken ct)
    {
        var (owner, records, error) = await ClosestCaaAsync(domain, ct).ConfigureAwait(false);
        if (error is not null)
            return [new("dns.caa-lookup-failed", Severity.Warning, "CAA lookup failed", error, null, "Check the resolver and the zone; a CA that cannot read CAA refuses to issue.")];
        if (records.Count == 0)
            return [new("dns.caa-none", Severity.Info, $"No CAA records for {domain} or its parents", "any CA may issue", 5, "Consider CAA pinning to letsencrypt.org with accounturi=<Stalwart's ACME account>.")];
        var findings = new List<Finding>();
        string evidence = string.Join("; ", records.Select(r => r.ToString()));
        foreach (string tag in new[] { "issue", "issuewild" })
        {
            // issuewild governs wildcards when present; otherwise issue governs both.
            var set = records.Where(r => r.Tag == tag).ToList();
            if (set.Count == 0 && tag == "issuewild")
                continue;
            var le = set.Where(r => r.Issuer == LetsEncrypt).ToList();
            if (le.Count == 0)
            {
                findings.Add(new($"dns.caa-{tag}-forbids-le", Severity.Failure, $"CAA '{tag}' at {owner} does not allow Let's Encrypt", evidence, 4, $"Add {owner} CAA 0 {tag} \"letsencrypt.org; validationmethods=dns-01\"."));
                continue;
            }
            if (le.All(r => r.ValidationMethods is { } m && !m.Contains("dns-01", StringComparer.OrdinalIgnoreCase)))
                findings.Add(new($"dns.caa-{tag}-forbids-dns01", Severity.Failure, $"CAA '{tag}' at {owner} forbids dns-01", evidence, 4, "Stalwart's wildcard order can only validate with DNS-01; allow it: validationmethods=dns-01."));
            if (stalwartAccount.Uri is string mine && le.All(r => r.AccountUri is string a && !string.Equals(a, mine, StringComparison.OrdinalIgnoreCase)))
                findings.Add(new($"dns.caa-{tag}-other-account", Severity.Failure, $"CAA '{tag}' at {owner} pins another ACME account than Stalwart's", evidence + $"; Stalwart's account: {mine}", 5,
                    $"Let's Encrypt refuses every order from Stalwart's account. Change the record to: {owner} CAA 0 {tag} \"letsencrypt.org; accounturi={mine}; validationmethods=dns-01\" (or drop accounturi), then wait out its TTL before the next order."));
            else if (stalwartAccount.Uri is null && le.All(r => r.AccountUri is not null))
                findings.Add(new($"dns.caa-{tag}-account-unverified", Severity.Info, $"CAA '{tag}' at {owner} pins an ACME account tailwart cannot compare with Stalwart's", evidence + $"; {stalwartAccount.UnknownBecause ?? "Stalwart's account URI is unknown"}", 5,
                    "Compare accounturi with the account Stalwart registered (the CA's account URL for its key); a mismatch makes every order fail."));
        }
        return findings;
    }

    private async Task<IEnumerable<Finding>> AcmeChallengeAsync(string domain, CancellationToken ct)
    {
        string name = "_acme-challenge." + domain;
        IDnsQueryResponse r = await dns.AskAsync(name, QueryType.TXT, ct).ConfigureAwait(false);
        var values = r.Answers.TxtRecords().SelectMany(t => t.Text).ToList();
        if (values.Count > 1)
            return [new("dns.acme-challenge-stale", Severity.Warning, $"{values.Count} TXT records at {name}", string.Join(", ", values), 2, "Remove stale challenge records: oversized answers get rejected, and only the current order's values belong there.")];
        return values.Count == 1
            ? [new("dns.acme-challenge-present", Severity.Info, $"A challenge TXT record is published at {name}", values[0], 2, "Fine during an order; it should be removed after validation.")]
            : [];
    }

    private async Task<IEnumerable<Finding>> MxAsync(string domain, CancellationToken ct)
    {
        IDnsQueryResponse r = await dns.AskAsync(domain, QueryType.MX, ct).ConfigureAwait(false);
        var mx = r.Answers.MxRecords().Select(m => m.Exchange.Value.TrimEnd('.')).ToList();
        if (mx.Count == 0)
            return [new("dns.mx-missing", Severity.Failure, $"No MX record for {domain}", r.HasError ? r.ErrorMessage : "empty answer", null, $"Publish {domain} MX 10 {config.Mail.Hostnames.Mail}.")];
        return mx.Contains(config.Mail.Hostnames.Mail, StringComparer.OrdinalIgnoreCase)
            ? []
            : [new("dns.mx-elsewhere", Severity.Warning, $"MX for {domain} does not name {config.Mail.Hostnames.Mail}", string.Join(", ", mx), null, "Check that mail is meant to arrive elsewhere.")];
    }

    private async Task<IEnumerable<Finding>> MtaStsAsync(string domain, CancellationToken ct)
    {
        IDnsQueryResponse r = await dns.AskAsync("_mta-sts." + domain, QueryType.TXT, ct).ConfigureAwait(false);
        var txt = r.Answers.TxtRecords().Select(t => string.Concat(t.Text)).ToList();
        var findings = MtaStsJudge.JudgeTxt(domain, txt).ToList();
        // Senders look for the policy only when the TXT record announces one (RFC 8461 §3.3).
        if (mtaStsPolicy is null || !txt.Any(t => t.StartsWith("v=STSv1", StringComparison.OrdinalIgnoreCase)))
            return findings;
        IDnsQueryResponse mx = await dns.AskAsync(domain, QueryType.MX, ct).ConfigureAwait(false);
        var mxHosts = mx.Answers.MxRecords().Select(m => m.Exchange.Value.TrimEnd('.')).ToList();
        findings.AddRange(MtaStsJudge.JudgePolicy(domain, await mtaStsPolicy.FetchAsync(domain, ct).ConfigureAwait(false), mxHosts));
        return findings;
    }

    private async Task<IEnumerable<Finding>> ResolvesAsync(string name, string id, string title, string fix, int? lesson, CancellationToken ct)
    {
        IDnsQueryResponse r = await dns.AskAsync(name, QueryType.A, ct).ConfigureAwait(false);
        bool any = r.Answers.ARecords().Any() || r.Answers.CnameRecords().Any();
        if (!any)
        {
            IDnsQueryResponse six = await dns.AskAsync(name, QueryType.AAAA, ct).ConfigureAwait(false);
            any = six.Answers.AaaaRecords().Any();
        }
        return any ? [] : [new(id, Severity.Warning, title, r.HasError ? $"{name}: {r.ErrorMessage}" : $"{name}: no address", lesson, fix)];
    }

    private static string? Parent(string name)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : name[(dot + 1)..];
    }
}
