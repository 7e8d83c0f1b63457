using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.BringUp;

namespace Tailwart.Tests.BringUp;

/// <summary>
/// The clock that tells a restore from a flap. A failure reported after the login that ended the
/// outage, by a check that began before that login (a cancelled hedge, a check that stalled through
/// the outage), must not erase the restore: on the lab it turned 2 of 3 restores into the full 3 s hold.
/// </summary>
public sealed class OutageClockTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private static RouteCheck Down(double seconds) => new(RouteLevel.NameResolved, RouteFailure.NoAnswer, "no answer", TimeSpan.FromSeconds(seconds));
    private static RouteCheck Up(double seconds) => new(RouteLevel.LoginVerified, null, "logged in", TimeSpan.FromSeconds(seconds));

    [Fact]
    public void A_late_failure_from_a_check_begun_before_the_login_is_old_news()
    {
        var clock = new OutageClock(_time, TimeSpan.FromSeconds(8));
        clock.Saw(Down(3));
        _time.Advance(TimeSpan.FromSeconds(15));
        clock.Saw(Up(0.3));
        Assert.True(clock.CameBackFromLongOutage, $"outage {clock.LastOutage}");

        // the hedged check that started 2 s ago reports its failure just after the winner
        _time.Advance(TimeSpan.FromMilliseconds(5));
        clock.Saw(Down(2));

        Assert.True(clock.CameBackFromLongOutage, "a check begun before the login erased the restore");
    }

    [Fact]
    public void A_failure_begun_after_the_login_is_a_flap()
    {
        var clock = new OutageClock(_time, TimeSpan.FromSeconds(8));
        clock.Saw(Down(3));
        _time.Advance(TimeSpan.FromSeconds(15));
        clock.Saw(Up(0.3));

        _time.Advance(TimeSpan.FromSeconds(1));
        clock.Saw(Down(0.5));

        Assert.False(clock.CameBackFromLongOutage);
    }
}
