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
    /// After the first event of a burst, how long to collect the rest before looking (a sidecar
    /// restart is kill, die, stop, start, restart within a second; a recreate adds destroy, create).
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>While it watches something it leaves alone (a lost route), how often it looks again.</summary>
    public TimeSpan Recheck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many decisions the state file keeps.</summary>
    public int StateDecisions { get; init; } = 20;
}
