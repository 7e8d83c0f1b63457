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
    private DateTimeOffset? _lastUp;

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
                // A failure from a check that began before the route was last seen up is old news:
                // a hedged check cancelled by the winner, or one that stalled through the outage and
                // ended after the login that ended it. Counting it would erase the restore just seen
                // (gate-default bench, 2026-12-02: 2 runs of 3 took the full 3 s hold after 16 s down).
                if (_lastUp is { } up && now - check.Elapsed < up)
                    return;
                _downSince ??= now - check.Elapsed;
                LastOutage = TimeSpan.Zero;
            }
            else
            {
                LastOutage = _downSince is { } since ? now - since : TimeSpan.Zero;
                _downSince = null;
                _lastUp = now;
            }
        }
    }
}
