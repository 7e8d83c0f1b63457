namespace Tailwart.Core.Bans;

/// <summary>
/// The restart step of restart-to-flush-bans, implemented by the bring-up (its route gate and its
/// Stalwart restart + verification). Lesson 1: a Stalwart started while the Postgres route is not
/// usable loses its writes, so the orchestration never restarts without a released gate.
/// </summary>
public interface IGatedRestart
{
    /// <summary>Re-verifies the Postgres route from the sidecar's netns (name → TCP → real login). Read-only.</summary>
    Task<GateVerdict> VerifyRouteAsync(CancellationToken ct = default);

    /// <summary>Restarts Stalwart and waits until it is verified (running, not looping, no DB failure line, its sessions in pg_stat_activity).</summary>
    Task<RestartVerdict> RestartStalwartAndVerifyAsync(CancellationToken ct = default);
}
