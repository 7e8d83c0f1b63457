namespace Tailwart.Core.Bans;

/// <summary>
/// What an unban did: removed (gone on re-read), still listed (the delete did not take), not found (was not on the
/// list to begin with), and, when one of the box's own addresses was unbanned, the effect check: the admin port from
/// this box. Stalwart's tracker has unbans that left the ban in memory until a restart (#3190 on 0.16.7, #3208 on
/// 0.16.11), so a list without the address is not proof it can connect.
/// </summary>
public sealed record UnbanOutcome(IReadOnlyList<string> Requested, IReadOnlyList<string> Removed, IReadOnlyList<string> StillListed, IReadOnlyList<string> NotFound, string Path, AdminPortDiagnosis? Effect = null)
{
    /// <summary>Removed from the list, and the box connects again where that was checkable.</summary>
    public bool Verified => StillListed.Count == 0 && Removed.Count > 0 && !StillBlockedInMemory;

    /// <summary>Gone from the list, but the admin port still turns this box away: the ban lives on in memory; restart-to-flush clears it.</summary>
    public bool StillBlockedInMemory => Effect?.Verdict == AdminPortVerdict.AcceptsThenCloses;
}
