using System.Globalization;

namespace Tailwart.Core.Postmaster;

/// <summary>A parsed DMARC record (RFC 7489 §6.3), and its policy in plain words.</summary>
public sealed record DmarcRecord(string Policy, string? SubdomainPolicy, int Percent, IReadOnlyList<string> AggregateReports, IReadOnlyList<string> FailureReports, bool StrictDkim, bool StrictSpf)
{
    private static readonly string[] Policies = ["none", "quarantine", "reject"];

    /// <summary>Null with <paramref name="error"/> set when the record does not parse as receivers require.</summary>
    public static DmarcRecord? Parse(string text, out string? error)
    {
        error = null;
        var tags = TagList.Parse(text);
        if (tags is null || tags.Count == 0 || tags[0].Key != "v" || tags[0].Value != "DMARC1")
        {
            error = "it must start with v=DMARC1 and consist of tag=value pairs separated by ';'";
            return null;
        }
        if (tags.Count < 2 || tags[1].Key != "p")
        {
            error = "p= must follow v=DMARC1 directly (RFC 7489 §6.4)";
            return null;
        }
        string? Get(string k) => tags.FirstOrDefault(t => t.Key == k).Value;
        string p = tags[1].Value.ToLowerInvariant();
        if (!Policies.Contains(p))
        {
            error = $"p={tags[1].Value} is not none, quarantine or reject";
            return null;
        }
        string? sp = Get("sp")?.ToLowerInvariant();
        if (sp is not null && !Policies.Contains(sp))
        {
            error = $"sp={sp} is not none, quarantine or reject";
            return null;
        }
        int pct = 100;
        if (Get("pct") is string pctText && (!int.TryParse(pctText, NumberStyles.None, CultureInfo.InvariantCulture, out pct) || pct > 100))
        {
            error = $"pct={pctText} is not a number from 0 to 100";
            return null;
        }
        static IReadOnlyList<string> Uris(string? v) => v is null ? [] : v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new DmarcRecord(p, sp, pct, Uris(Get("rua")), Uris(Get("ruf")),
            string.Equals(Get("adkim"), "s", StringComparison.OrdinalIgnoreCase), string.Equals(Get("aspf"), "s", StringComparison.OrdinalIgnoreCase));
    }

    public string PlainWords()
    {
        string what = Words(Policy);
        string part = Percent < 100 && Policy != "none" ? $" (applied to {Percent}% of such mail; the rest is treated one step milder)" : "";
        string sub = SubdomainPolicy is null || SubdomainPolicy == Policy ? "" : $"; for subdomains: {Words(SubdomainPolicy)}";
        string align = $"; alignment: DKIM {(StrictDkim ? "strict" : "relaxed")}, SPF {(StrictSpf ? "strict" : "relaxed")}";
        string reports = AggregateReports.Count == 0 ? "; no aggregate reports are asked for" : $"; daily reports go to {string.Join(", ", AggregateReports)}";
        return $"mail claiming to be from the domain that fails both SPF and DKIM alignment {what}{part}{sub}{align}{reports}";
    }

    private static string Words(string policy) => policy switch
    {
        "reject" => "is to be refused",
        "quarantine" => "is to be put in spam",
        _ => "is delivered as usual (monitoring only)",
    };
}
