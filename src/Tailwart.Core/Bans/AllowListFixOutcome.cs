namespace Tailwart.Core.Bans;

/// <summary>What the allow-list fix added, and what the re-read shows is still missing (empty when verified).</summary>
public sealed record AllowListFixOutcome(IReadOnlyList<string> Added, IReadOnlyList<string> StillMissing, string Path)
{
    public bool Verified => StillMissing.Count == 0;
}
