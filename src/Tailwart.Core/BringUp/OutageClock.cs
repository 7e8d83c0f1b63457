namespace Tailwart.Core.BringUp;

/// <summary>
/// How long the route has been failing without a break, from the checks the gate makes (several
/// may run at once, hence the lock). Tells a restore (a long outage, then a login) from a flap,
/// whose down-phases are short (<see cref="BringUpOptions.RouteQuickHold"/>).
/// </summary>
internal sealed class OutageClock(TimeProvider time, TimeSpan longOutage)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _downSince;

    /// <summary>The length of the failing streak the last verified check ended.</summary>
    public TimeSpan LastOutage { get; private set; }

    /// <summary>True when the last verified check ended a failing streak of at least the long-outage length.</summary>
    public bool CameBackFromLongOutage => LastOutage >= longOutage;

    public void Saw(RouteCheck check)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_lock)
        {
            if (!check.IsVerified)
            {
                _downSince ??= now - check.Elapsed;
                LastOutage = TimeSpan.Zero;
            }
            else
            {
                LastOutage = _downSince is { } since ? now - since : TimeSpan.Zero;
                _downSince = null;
            }
        }
    }
}
