namespace Tailwart.Core.Bans;

/// <summary>The one text presenter of a <see cref="BansSnapshot"/>: the verb's output and the Bans pane share it.</summary>
public static class BansSnapshotText
{
    /// <summary>Above this many bans the text output summarises instead of printing one line each.</summary>
    public const int LongList = 20;

    public static IEnumerable<string> Lines(BansSnapshot snapshot)
    {
        if (snapshot.Report is BanReport report)
            yield return $"Stalwart {report.Server.Version ?? report.Server.GenerationLabel} ({report.Server.Evidence}); read over {report.Path}";
        if (snapshot.Port is AdminPortDiagnosis port)
            yield return $"admin port {port.Target} from this box: {port.Verdict} ({port.Summary})";
        if (snapshot.Report is BanReport r)
        {
            yield return r.Entries.Count == 0 ? "no bans." : $"{r.Entries.Count} ban(s){(r.Truncated ? r.Omitted is long left ? $" (truncated: {left} more not read)" : " (truncated: more not read)" : "")}:";
            // A long list (a scan storm) is summarised: the box's own addresses always in full, then count, first few and
            // groups by network and reason (BanListSummary); `--json` has every entry.
            bool summarise = r.Entries.Count > LongList;
            if (summarise)
            {
                var others = r.Entries.Where(e => !e.IsBoxAddress).ToList();
                foreach (string line in BanListSummary.Of(others.Select(e => e.Address).ToList(), others.Select(e => e.Entry.Reason).ToList()).Lines())
                    yield return "  " + line;
            }
            foreach (BanEntry e in r.Entries.Where(e => !summarise || e.IsBoxAddress).OrderByDescending(e => e.IsBoxAddress))
            {
                string details = string.Join("  ", new[]
                {
                    e.Entry.Reason,
                    e.Entry.CreatedAt is { } c ? $"since {c:yyyy-MM-dd HH:mm}Z" : null,
                    e.Entry.ExpiresAt is { } x ? $"until {x:yyyy-MM-dd HH:mm}Z" : null,
                    e.IsBoxAddress ? "← " + string.Join(", ", e.Matches.Select(LessonThree.Describe)) : null,
                }.OfType<string>());
                yield return $"{(e.IsBoxAddress ? "!" : " ")} {e.Address,-40} {details}";
            }
        }
        if (snapshot.Allow is AllowListAuditResult allow)
            yield return $"allow-list: {(allow.IsComplete ? "complete" : "missing " + string.Join(", ", allow.Missing))} (needs {string.Join(", ", allow.Required)})";
    }
}
