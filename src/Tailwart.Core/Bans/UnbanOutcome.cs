namespace Tailwart.Core.Bans;

/// <summary>
/// What an unban did, verified by re-reading the list: removed (gone on re-read), still listed
/// (the delete did not take), not found (was not on the list to begin with).
/// </summary>
public sealed record UnbanOutcome(IReadOnlyList<string> Requested, IReadOnlyList<string> Removed, IReadOnlyList<string> StillListed, IReadOnlyList<string> NotFound, string Path)
{
    public bool Verified => StillListed.Count == 0 && Removed.Count > 0;
}
