namespace Tailwart.Core.Bans;

/// <summary>
/// The restart step of restart-to-flush-bans, implemented by the bring-up (its route gate and its
/// Stalwart restart + verification). Lesson 1: a Stalwart started while the Postgres route is not
/// usable loses its writes, so the gate and the restart are one operation: there is no way to ask
/// for the restart without the gate being checked first, by the implementation itself.
/// </summary>
internal interface IGatedRestart
{
    /// <summary>
    /// Re-verifies the Postgres route from the sidecar's netns (name → TCP → real login); only when
    /// it released, calls <paramref name="onReleased"/> (for the audit line), restarts Stalwart and
    /// waits until it is verified (running, not looping, no DB failure line, its sessions in
    /// pg_stat_activity). A refused gate restarts nothing.
    /// </summary>
    Task<GatedRestartOutcome> RestartThroughGateAsync(Action<GateVerdict>? onReleased = null, CancellationToken ct = default);
}
