using Tailwart.Core.Certs;
using Tailwart.Core.Checks;

namespace Tailwart.Core.Dns;

/// <summary>
/// Judges MTA-STS as a sending MTA would see it (RFC 8461): the <c>_mta-sts</c> TXT (exactly one
/// v=STSv1 record with an id of 1–32 letters or digits), and the policy behind it (reachable over
/// trusted HTTPS, parseable, mode, max_age, and mx lines covering every MX host DNS publishes — a
/// host not covered means enforcing senders refuse to deliver to it).
/// </summary>
public static class MtaStsJudge
{
    /// <summary>Shorter than a day is pointless for a policy senders cache (RFC 8461 advises weeks).</summary>
    public static readonly TimeSpan ShortestSensibleMaxAge = TimeSpan.FromDays(1);

    private const string PolicyFix = "Serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt (Stalwart does, on :443 passed through by SNI, lesson 5) with a certificate that covers mta-sts.<domain>.";

    /// <summary>Findings for the TXT records found at <c>_mta-sts.&lt;domain&gt;</c> (all strings, STSv1 or not).</summary>
    public static IReadOnlyList<Finding> JudgeTxt(string domain, IReadOnlyList<string> txt)
    {
        var sts = txt.Where(t => t.StartsWith("v=STSv1", StringComparison.OrdinalIgnoreCase)).ToList();
        if (sts.Count != 1)
            return [new("dns.mta-sts-txt", Severity.Warning, $"_mta-sts.{domain} has {sts.Count} v=STSv1 records", string.Join(", ", sts), 5, "Publish exactly one: v=STSv1; id=<policy id>.")];
        string? id = sts[0].Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("id=", StringComparison.Ordinal))?[3..];
        if (id is null || id.Length is 0 or > 32 || !id.All(char.IsAsciiLetterOrDigit))
            return [new("dns.mta-sts-id", Severity.Warning, $"_mta-sts.{domain} has no valid id", sts[0], null,
                "The record needs id=<1–32 letters or digits>, changed whenever the policy changes, or senders ignore it (RFC 8461 §3.1).")];
        return [];
    }

    /// <summary>Findings for the fetched policy against the MX hosts DNS publishes for the domain.</summary>
    public static IReadOnlyList<Finding> JudgePolicy(string domain, MtaStsFetch fetch, IReadOnlyList<string> mxHosts)
    {
        if (fetch.Policy is not MtaStsPolicy policy)
            return [new("dns.mta-sts-policy-unreachable", Severity.Failure, $"The MTA-STS policy of {domain} cannot be fetched", $"{fetch.Url}: {fetch.Problem}", 5,
                PolicyFix + " Senders that cached an enforce policy keep it until max_age runs out; new senders get none.")];
        var findings = new List<Finding>();
        if (fetch.ContentType is string type && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            findings.Add(new("dns.mta-sts-policy-content-type", Severity.Warning, $"The MTA-STS policy of {domain} is served as {type}", fetch.Url, null, "RFC 8461 asks for text/plain; strict senders refuse other types."));
        if (!policy.IsValid)
        {
            findings.Add(new("dns.mta-sts-policy-invalid", Severity.Failure, $"The MTA-STS policy of {domain} is not valid", $"{fetch.Url}: {string.Join("; ", policy.Problems)}", null,
                "Serve version: STSv1, mode: enforce, one mx: line per MX host (or *.domain), max_age: 604800 or more."));
            return findings;
        }
        if (policy.Mode == "testing")
            findings.Add(new("dns.mta-sts-testing", Severity.Info, $"The MTA-STS policy of {domain} is in testing mode", $"mode: testing, max_age: {policy.MaxAge}", null,
                "Senders only report (TLS-RPT) and still deliver without valid TLS; switch to mode: enforce once the reports are clean."));
        else if (policy.Mode == "none")
            findings.Add(new("dns.mta-sts-none", Severity.Warning, $"The MTA-STS policy of {domain} is mode none", $"mode: none, max_age: {policy.MaxAge}", null,
                "mode none withdraws the policy: senders stop requiring TLS. Use it only to retire MTA-STS, else mode: enforce."));
        if (policy.MaxAge is long maxAge && TimeSpan.FromSeconds(maxAge) < ShortestSensibleMaxAge && policy.Mode != "none")
            findings.Add(new("dns.mta-sts-max-age", Severity.Warning, $"The MTA-STS policy of {domain} expires after {maxAge} s", $"max_age: {maxAge}", null,
                "Senders forget the policy that fast, which leaves a downgrade window; RFC 8461 advises weeks (e.g. max_age: 604800 or 1209600)."));
        if (policy.Mode != "none")
        {
            var uncovered = mxHosts.Where(h => !HostnameMatcher.Covers(policy.Mx, h)).ToList();
            if (uncovered.Count > 0)
                findings.Add(new("dns.mta-sts-mx-not-covered", policy.Mode == "enforce" ? Severity.Failure : Severity.Warning,
                    $"MX hosts of {domain} not covered by its MTA-STS policy: {string.Join(", ", uncovered)}", $"policy mx: {string.Join(", ", policy.Mx)}; DNS MX: {string.Join(", ", mxHosts)}", null,
                    "Add an mx: line for each (a *.domain pattern covers one label), change the policy id in the TXT record, and keep the MX and the policy in step."));
        }
        return findings;
    }
}
