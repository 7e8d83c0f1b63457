using DnsClient;
using Tailwart.Core.Checks;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// Every DKIM key Stalwart signs with has its selector published, and the published <c>p=</c> is
/// Stalwart's public key: a key Stalwart signs with that nobody can verify fails DKIM at every
/// receiver, and with it DMARC alignment. Stalwart's side is read through its API (both
/// generations, <see cref="DkimKey"/>); a retired key still published is named too.
/// </summary>
internal sealed class DkimCheck(IPostmasterDns dns)
{
    public async Task<IReadOnlyList<Finding>> RunAsync(IReadOnlyList<DkimKey> keys, CancellationToken ct = default)
    {
        var findings = new List<Finding>();
        if (keys.Count == 0)
        {
            findings.Add(new("postmaster.dkim-none", Severity.Warning, "Stalwart has no DKIM signing key", "Stalwart's configuration holds no DKIM signature", null,
                "Create a DKIM key for the domain in Stalwart's web admin (0.16: Domains → DKIM; 0.15: Settings → DKIM signatures), publish its record, and check again."));
            return findings;
        }
        foreach (DkimKey key in keys.Where(k => k.Domain.Length > 0 && k.Selector.Length > 0).Take(32))
            findings.Add(await JudgeAsync(key, ct).ConfigureAwait(false));
        foreach (DkimKey key in keys.Where(k => k.Domain.Length == 0 || k.Selector.Length == 0))
            findings.Add(new("postmaster.dkim-unusable", Severity.Warning, $"Stalwart's DKIM key '{key.Id}' names no domain or selector", key.Unreadable ?? "domain or selector empty", null,
                "Give the key its domain and selector in Stalwart, or delete it."));
        return findings;
    }

    private async Task<Finding> JudgeAsync(DkimKey key, CancellationToken ct)
    {
        DnsAnswer answer = await dns.QueryAsync(key.RecordName, QueryType.TXT, ct).ConfigureAwait(false);
        string published = Published(answer, out string? publishedKey);
        string who = $"Stalwart's {key.Algorithm} key '{key.Id}' ({key.Stage}) for {key.Domain}, selector {key.Selector}";
        string record = key.PublicKey is null ? "" : $" TXT \"v=DKIM1; k={key.Algorithm}; h=sha256; p={key.PublicKey}\"";
        if (!key.Signs)
        {
            if (key.Stage == "Pending")
                return publishedKey is null
                    ? new("postmaster.dkim-pending-unpublished", Severity.Warning, $"The next DKIM key for {key.Domain} ({key.Selector}) is not published yet", $"{who}; {published}", null,
                        $"Publish {key.RecordName}{record} before Stalwart rotates to it.")
                    : new("postmaster.dkim-pending-published", Severity.Ok, $"The next DKIM key for {key.Domain} ({key.Selector}) is published", $"{who}; {published}", null, "Nothing to do.");
            return publishedKey is null
                ? new("postmaster.dkim-retired", Severity.Ok, $"A retired DKIM key of {key.Domain} ({key.Selector}) is no longer published", $"{who}; {published}", null, "Nothing to do.")
                : new("postmaster.dkim-stale", Severity.Info, $"A selector Stalwart no longer signs with is still published: {key.RecordName}", $"{who}; {published}", null,
                    $"Remove {key.RecordName} once mail signed with it has been delivered (a few days).");
        }
        if (answer.IsTemporaryError)
            return new("postmaster.dkim-lookup-failed", Severity.Warning, $"The DKIM record {key.RecordName} could not be read", $"{who}; {answer.Describe()}", null, "Check the zone's name servers and dns.resolver.");
        if (publishedKey is null)
            return new("postmaster.dkim-unpublished", Severity.Failure, $"Stalwart signs for {key.Domain} with selector {key.Selector}, but no key is published: no receiver can verify it",
                $"{who}; {published}", null,
                key.PublicKey is null ? $"Publish {key.RecordName} TXT with the key's public half (Stalwart's web admin shows the record)." : $"Publish {key.RecordName}{record}.");
        if (publishedKey.Length == 0)
            return new("postmaster.dkim-revoked", Severity.Failure, $"Stalwart signs for {key.Domain} with selector {key.Selector}, whose published key is revoked (empty p=)", $"{who}; {published}", null,
                key.PublicKey is null ? "Publish the key's public half, or stop signing with this key." : $"Publish {key.RecordName}{record}, or stop signing with this key.");
        if (key.PublicKey is null)
            return new("postmaster.dkim-published", Severity.Info, $"{key.RecordName} is published; its key was not compared with Stalwart's", $"{who}; {published}; not compared: {key.Unreadable}", null,
                "Compare the record with the one Stalwart's web admin shows for this key.");
        if (!string.Equals(publishedKey, key.PublicKey, StringComparison.Ordinal))
            return new("postmaster.dkim-mismatch", Severity.Failure, $"{key.RecordName} publishes a different key than the one Stalwart signs with: every signature fails",
                $"{who}; published p={Clip(publishedKey)}, Stalwart's p={Clip(key.PublicKey)}", null, $"Replace the record with{record}.");
        return new("postmaster.dkim-ok", Severity.Ok, $"DKIM {key.Selector} for {key.Domain}: the published key is Stalwart's", $"{who}; {key.RecordName} publishes p={Clip(publishedKey)}", null, "Nothing to do.");
    }

    /// <summary>The published p= (whitespace removed; "" = revoked), or null when no DKIM key record is there. Returns the evidence text.</summary>
    internal static string Published(DnsAnswer answer, out string? key)
    {
        key = null;
        foreach (string txt in answer.Data)
        {
            if (TagList.Parse(txt) is not { } tags)
                continue;
            if (tags.FirstOrDefault(t => t.Key == "v").Value is string v && !v.Equals("DKIM1", StringComparison.OrdinalIgnoreCase))
                continue;
            if (tags.FirstOrDefault(t => t.Key == "p") is { Key: "p" } p)
            {
                key = string.Concat(p.Value.Where(c => !char.IsWhiteSpace(c)));
                return $"{answer.Name} TXT \"{Clip(txt)}\"";
            }
        }
        return answer.Describe();
    }

    private static string Clip(string s) => s.Length > 60 ? s[..28] + "…" + s[^28..] : s;
}
