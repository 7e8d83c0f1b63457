namespace Tailwart.Core.BringUp;

/// <summary>Deadlines and windows of the bring-up. Every wait has one; nothing waits forever.</summary>
public sealed record BringUpOptions
{
    public string SidecarService { get; init; } = "ts-stalwart";
    public string StalwartService { get; init; } = "stalwart";

    /// <summary>The edge relay's service (services.edge); null when the edge is not in this compose project.</summary>
    public string? EdgeService { get; init; }

    /// <summary>Services that must exist; missing ones are created through compose.</summary>
    public IReadOnlyList<string> RequiredServices => [SidecarService, StalwartService];

    public TimeSpan SidecarStartDeadline { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan SidecarHealthyDeadline { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan RouteDeadline { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan StalwartStartDeadline { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan StalwartVerifyDeadline { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan EdgeStartDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long Stalwart must stay up, same container and restart count, to count as not looping.</summary>
    public TimeSpan StableWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Overall bound (--timeout); each step's deadline is capped by what is left of it.</summary>
    public TimeSpan? Overall { get; init; }

    /// <summary>
    /// After the first verified login, the route must keep verifying (checks back to back) for this
    /// long before the gate opens: a flapping route (lesson 1's half-up tailnet) would otherwise
    /// release Stalwart into its next outage. Zero disables it (faster, less safe).
    /// </summary>
    public TimeSpan RouteStableFor { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Each flap seen during one bring-up doubles how long the route must then hold (3, 6, 12 s), up
    /// to this. A route seen to drop after verifying is flapping, and one window of clean checks
    /// proves less about it than about a route that simply came back: its up-phases may outlast the
    /// first window. The cost falls only on a route that has flapped.
    /// </summary>
    public TimeSpan RouteStableMax { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>
    /// A confirming check slower than this stalled on the way (a route that drops, then recovers): it
    /// counts as a flap. TCP's initial retransmission timeout is 1 s, so a check whose SYN met a
    /// dropped route takes more than 1 s, while a check on a steady route takes 0.3–0.6 s (one exec).
    /// At 2 s, and still at 1.2 s, a check begun late in a 2 s outage passed as steady (soak: premature
    /// starts under the lab's 2 s / 2 s flap).
    /// </summary>
    public TimeSpan RouteStableSlowCheck { get; init; } = TimeSpan.FromSeconds(0.9);

    /// <summary>Pause between the confirming checks of <see cref="RouteStableFor"/>.</summary>
    public TimeSpan RouteStableInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Route retry back-off: first delay and cap (Polly, exponential with jitter). Kept short: a
    /// check is one connection to Postgres from the sidecar (never a mail port, so nothing to ban),
    /// and the cap bounds how late after Postgres returns the gate notices (the release latency).
    /// </summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// After a long outage (the route failing without a break for <see cref="RouteLongOutage"/>) the
    /// first verified login must be confirmed only this long, by checks every
    /// <see cref="RouteQuickInterval"/>: a route that stayed dead that long and came back was
    /// restored, not flapping (a flap's down-phases are short: the lab's 2 s, a half-up tailnet's
    /// seconds). Any flap seen in this bring-up, or a route never seen down long, gets the full
    /// <see cref="RouteStableFor"/> (doubling per flap). That keeps the fixed hold off the common
    /// "Postgres came back" release, where it put every start at least 3 s after the restore.
    /// Limit, said plainly: a flap with down-phases ≥ 8 s and up-phases ≥ 0.5 s is released in an
    /// up-phase; the slow-check rule and the verification's log and store checks remain behind it.
    /// </summary>
    public TimeSpan RouteQuickHold { get; init; } = TimeSpan.FromSeconds(0.5);

    public TimeSpan RouteQuickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the route must have failed without a break for its return to count as a restore (see <see cref="RouteQuickHold"/>).</summary>
    public TimeSpan RouteLongOutage { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// A check that has stalled past <see cref="RouteHedgeDelay"/> (its SYN met a dropped route and
    /// waits for TCP's retransmit, then nc's -w) gets company: another check starts, up to this many
    /// at once (Polly hedging), so a SYN goes out soon after the route returns instead of up to ~2 s
    /// later between one check's retransmits. The delay is above a check's time on a loaded box
    /// (~1 s, one docker exec): at 400 ms every check on a slow box was hedged, the extra execs
    /// slowed the confirming checks past <see cref="RouteStableSlowCheck"/>, and the gate refused a
    /// healthy route (lab run, 2026-12-02).
    /// </summary>
    public int RouteParallelChecks { get; init; } = 3;

    public TimeSpan RouteHedgeDelay { get; init; } = TimeSpan.FromSeconds(1.2);

    /// <summary>
    /// A definitive answer (28P01/28000 login rejected, 3D000 no such database) does not fix itself
    /// in 300 ms, and hammering a wrong password can trip fail2ban or an auth-rate limit in front of
    /// Postgres: after one, the next try waits this long.
    /// </summary>
    public TimeSpan DefinitiveRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Wait for Docker's health verdict on the sidecar before checking the route. Off by default:
    /// the route check (a real login from the sidecar's netns) is stronger than any healthcheck, and
    /// a healthcheck that probes Postgres adds up to a whole interval after the route returns.
    /// </summary>
    public bool WaitForSidecarHealth { get; init; }

    /// <summary>Pause between pg_stat_activity counts while waiting for Stalwart's sessions.</summary>
    public TimeSpan SessionPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public bool DryRun { get; init; }

    /// <summary>
    /// A running Stalwart left in a dead netns (its sidecar restarted or was recreated) is stopped
    /// while the route is being verified, not after: it has no network, so it serves nothing and
    /// the stop costs the repair nothing. SIGTERM, then SIGKILL after this: Stalwart itself stops
    /// within about a second (crates/main/src/main.rs, v0.16.18: after the signal it tells its
    /// services and sleeps 1 s), while a process whose store calls hang in the dead netns would
    /// hold Docker's default 10 s (the lab's stand-in did: 11 s of a 18.6 s repair, 2026-12-02).
    /// </summary>
    public TimeSpan StaleNetnsStopGrace { get; init; } = TimeSpan.FromSeconds(3);
}
