using Tailwart.Core.Checks;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>Marks bans that hit this box and explains each with lesson 3.</summary>
public static class BanClassifier
{
    public static (IReadOnlyList<BanEntry> Entries, IReadOnlyList<Finding> Findings) Classify(IpList bans, BoxAddresses box)
    {
        var entries = bans.Entries.Select(e => new BanEntry(e, box.Match(e))).ToList();
        var findings = new List<Finding>();
        foreach (BanEntry hit in entries.Where(e => e.IsBoxAddress))
        {
            string what = string.Join(" and ", hit.Matches.Select(LessonThree.Describe));
            string reason = hit.Entry.Reason is null ? "" : $", reason {hit.Entry.Reason}";
            findings.Add(new Finding(
                "bans.box-address-banned",
                Severity.Warning,
                $"{hit.Address} is banned: {what}",
                $"{hit.Address} on Stalwart's block list (read over {bans.Path}{reason}). {LessonThree.Explanation}",
                LessonThree.Lesson,
                LessonThree.Fix));
        }
        if (bans.Truncated)
            findings.Add(new Finding("bans.list-truncated", Severity.Warning, "Ban list not read completely",
                bans.Omitted is long left
                    ? $"{bans.Entries.Count} of {bans.Total} entries read; {left} left out (read over {bans.Path})"
                    : $"{bans.Entries.Count} entries read; Stalwart did not say how many more there are (read over {bans.Path})",
                null, "Look for a scan storm in Stalwart's log; unban by address still works, and `tailwart bans flush` drops the memory-only ones."));
        return (entries, findings);
    }
}
