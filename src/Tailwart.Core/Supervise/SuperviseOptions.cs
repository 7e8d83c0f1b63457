using Tailwart.Core.BringUp;

namespace Tailwart.Core.Supervise;

/// <summary>How the supervisor paces itself. Every wait is bounded; every pause is on the injected clock.</summary>
public sealed record SuperviseOptions
{
    /// <summary>The gated bring-up it runs for every repair (the same one `up` runs).</summary>
    public BringUpOptions BringUp { get; init; } = new();

    /// <summary>
    /// Between two repairs that follow each other (within <see cref="QuietPeriod"/>): the first
    /// pause, doubling up to <see cref="RepairBackoffMax"/>. A Stalwart that dies right after each
    /// verified start is restarted at 0, 5, 15, 35, 75 s… and then every 5 min, never hammered.
    /// </summary>
    public TimeSpan RepairBackoffFirst { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RepairBackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A repair this long after the previous one starts the back-off afresh.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>dockerd gone: the pause between reconnects, doubling to the cap (a boot's dockerd answers within seconds).</summary>
    public TimeSpan ReconnectFirst { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a burst must go quiet (no further start, stop, die… of the sidecar or Stalwart)
    /// before the supervisor looks: a sidecar restart is kill, die, stop, then start, restart; a
    /// recreate adds create, destroy. Capped by <see cref="SettleMax"/>.
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The quiet window once the sidecar, seen going down, has started again: `docker restart` sends
    /// its restart event right after the start (the same API call), and the gated repair that follows
    /// verifies the route before anything else, so a full <see cref="Settle"/> here was a second of
    /// the repair's latency for nothing. Any Stalwart event after the start brings back <see cref="Settle"/>.
    /// </summary>
    public TimeSpan SidecarStartSettle { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest a burst is collected before the supervisor looks, however busy Docker is.</summary>
    public TimeSpan SettleMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A sidecar seen stopping (kill, die, stop) with no start after it is being restarted by
    /// dockerd (`docker restart`, its restart policy) more often than not: the supervisor waits this
    /// long for its start instead of starting it itself in the gap, which would race dockerd's own
    /// start. Docker's stop grace is 10 s, so a restart's start comes within about that; a sidecar
    /// that stays down is started through the bring-up after it.
    /// </summary>
    public TimeSpan SidecarRestartWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>While it watches something it leaves alone (a lost route), how often it looks again.</summary>
    public TimeSpan Recheck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many decisions the state file keeps.</summary>
    public int StateDecisions { get; init; } = 20;
}
