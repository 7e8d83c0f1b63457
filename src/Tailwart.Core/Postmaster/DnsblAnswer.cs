using System.Net;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// One blocklist answer, classified. DNSBLs answer a listing with 127.0.0.x (RFC 5782 §2.3) and
/// "not listed" with NXDOMAIN; Spamhaus answers a query it will not serve with 127.255.255.252
/// (typo in the zone name), .254 (through a public resolver) or .255 (too many queries), which
/// Mail-in-a-Box learned to report as a warning, not a listing (its #2184, #2288).
/// </summary>
public sealed record DnsblAnswer(string Zone, string Query, DnsblVerdict Verdict, IReadOnlyList<string> Codes)
{
    public static DnsblAnswer Classify(string zone, string query, DnsAnswer answer)
    {
        DnsblVerdict verdict = answer.Outcome switch
        {
            DnsOutcome.NxDomain or DnsOutcome.NoData => DnsblVerdict.Clean,
            DnsOutcome.Timeout => DnsblVerdict.Timeout,
            DnsOutcome.Answer => FromCodes(answer.Data),
            _ => DnsblVerdict.Failed,
        };
        return new DnsblAnswer(zone, query, verdict, answer.Data);
    }

    private static DnsblVerdict FromCodes(IReadOnlyList<string> data)
    {
        var addresses = data.Select(d => IPAddress.TryParse(d, out IPAddress? a) ? a.GetAddressBytes() : null).ToList();
        if (addresses.Any(a => a is null || a.Length != 4 || a[0] != 127))
            return DnsblVerdict.Unexpected;
        if (addresses.Any(a => a![1] == 255 && a[2] == 255))
            return DnsblVerdict.Refused;
        // Listings start at 127.0.0.2 (RFC 5782 §2.3); a bare 127.0.0.1 is no list's listing code.
        return addresses.All(a => a![1] == 0 && a[2] == 0 && a[3] <= 1) ? DnsblVerdict.Unexpected : DnsblVerdict.Listed;
    }

    /// <summary>What the codes mean where the list is known (Spamhaus ZEN/DBL), for the evidence.</summary>
    public string Meaning() => string.Join(", ", Codes.Select(c => Zone.StartsWith("zen.spamhaus.", StringComparison.OrdinalIgnoreCase) || Zone.StartsWith("dbl.spamhaus.", StringComparison.OrdinalIgnoreCase)
        ? c + Spamhaus(c) : c));

    private static string Spamhaus(string code) => code switch
    {
        "127.0.0.2" => " (SBL: a spam source)",
        "127.0.0.3" => " (CSS: snowshoe spam)",
        "127.0.0.4" or "127.0.0.5" or "127.0.0.6" or "127.0.0.7" => " (XBL: an infected or exploited host)",
        "127.0.0.9" => " (DROP: a hijacked network)",
        "127.0.0.10" or "127.0.0.11" => " (PBL: an end-user range that should not send mail directly)",
        "127.0.1.2" => " (DBL: spam domain)",
        "127.0.1.4" => " (DBL: phishing domain)",
        "127.0.1.5" => " (DBL: malware domain)",
        "127.0.1.6" => " (DBL: botnet controller domain)",
        "127.255.255.252" => " (refused: the zone name is mistyped)",
        "127.255.255.254" => " (refused: queried through a public or open resolver)",
        "127.255.255.255" => " (refused: too many queries from your resolver)",
        _ => "",
    };
}
