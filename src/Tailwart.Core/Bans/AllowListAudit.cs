using Tailwart.Core.Checks;
using Tailwart.Core.Net;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>
/// Lesson 3's fix as a check: the tailnet range and the box's WAN IP must be on Stalwart's
/// allow-list, so that neither the box's own traffic nor a tailnet admin can ever be auto-banned.
/// </summary>
public static class AllowListAudit
{
    /// <summary>What must be allow-listed, as Stalwart would store it.</summary>
    public static IReadOnlyList<string> Required(BoxAddresses box)
    {
        var required = new List<string> { box.Tailnet.ToString() };
        if (box.WanIp is not null)
            required.Add(box.WanIp.ToString());
        return required;
    }

    public static AllowListAuditResult Audit(IpList allowed, BoxAddresses box)
    {
        var missing = Required(box).Where(r => !allowed.Entries.Any(e => e.Covers(Cidr.Parse(r)))).ToList();
        var findings = new List<Finding>();
        if (missing.Count > 0)
        {
            findings.Add(new Finding(
                "bans.allow-list-incomplete",
                Severity.Warning,
                $"Stalwart's allow-list lacks {string.Join(" and ", missing)}",
                $"allow-list read over {allowed.Path}: {(allowed.Entries.Count == 0 ? "(empty)" : string.Join(", ", allowed.Entries.Select(e => e.Address)))}. Without them the box's own traffic can be auto-banned. {LessonThree.Explanation}",
                LessonThree.Lesson,
                "tailwart bans allow-fix (adds them through the API, reloads, and re-reads to verify)."));
        }
        if (box.WanIp is null)
        {
            findings.Add(new Finding("bans.wan-ip-unknown", Severity.Info, "The box's WAN IP is not known",
                "edge.wanIp is not an IP literal and did not resolve", LessonThree.Lesson, "Set edge.wanIp in tailwart.json to the box's public IP."));
        }
        return new AllowListAuditResult(Required(box), missing, allowed, findings);
    }
}
