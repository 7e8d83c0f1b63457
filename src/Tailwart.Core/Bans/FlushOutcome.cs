namespace Tailwart.Core.Bans;

/// <summary>
/// What restart-to-flush really did. <see cref="Persisted"/> are bans in the database, which a
/// restart reloads (stalwart.md §2); only bans whose database write was lost are flushed, and those
/// never show in the API list, so the admin-port check before and after is the evidence for them.
/// </summary>
/// <param name="Before">Bans read from the API before the restart.</param>
/// <param name="Flushed">On the list before, gone after.</param>
/// <param name="Persisted">On the list before and after: offer an API unban for these.</param>
/// <param name="Appeared">New after the restart (re-armed or new bans).</param>
public sealed record FlushOutcome(
    FlushStatus Status,
    string Summary,
    IReadOnlyList<string> Before,
    IReadOnlyList<string> Flushed,
    IReadOnlyList<string> Persisted,
    IReadOnlyList<string> Appeared,
    AdminPortDiagnosis? AdminPortBefore,
    AdminPortDiagnosis? AdminPortAfter,
    IReadOnlyList<string> Evidence)
{
    /// <summary>True when the box was dropped on the admin port before and answered after: a memory-only ban the restart flushed.</summary>
    public bool FlushedMemoryOnlyBoxBan =>
        AdminPortBefore?.Verdict == AdminPortVerdict.AcceptsThenCloses && AdminPortAfter?.Verdict == AdminPortVerdict.Answers;
}
