using Tailwart.Core.Checks;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>The allow-list as read, what it must contain, what it lacks, and the findings.</summary>
public sealed record AllowListAuditResult(IReadOnlyList<string> Required, IReadOnlyList<string> Missing, IpList Allowed, IReadOnlyList<Finding> Findings)
{
    public bool IsComplete => Missing.Count == 0;
}
