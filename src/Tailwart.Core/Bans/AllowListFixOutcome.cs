namespace Tailwart.Core.Bans;

/// <summary>
/// What the allow-list fix added, what the re-read still misses, Stalwart's own error when it refused the change
/// (e.g. 0.15's reload with configuration errors applies nothing), and the effect check: the admin port from this box.
/// Verified only by effect: Stalwart's reload applied it (no error) and, when the check ran, the admin port answers.
/// </summary>
public sealed record AllowListFixOutcome(IReadOnlyList<string> Added, IReadOnlyList<string> StillMissing, string Path, string? Error = null, AdminPortDiagnosis? Effect = null, IReadOnlyList<string>? ReloadWarnings = null)
{
    /// <summary>Stalwart's reload warnings (0.15): the reload was applied, but they say what it ignored or defaulted.</summary>
    public IReadOnlyList<string> Warnings => ReloadWarnings ?? [];

    public bool Verified => Error is null && StillMissing.Count == 0 && Effect?.Verdict is not AdminPortVerdict.AcceptsThenCloses;
}
