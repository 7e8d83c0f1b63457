using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Tui.Loop;

namespace Tailwart.Tests.Tui;

/// <summary>
/// The main-loop gate: it returns at once while there is work (start-up, just after a key) and
/// otherwise sleeps until woken or the next timer. Sleeps are bounded generously: these check
/// behaviour (returns when woken, not after its full wait), not speed.
/// </summary>
public sealed class IdleGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Does_not_wait_during_start_up_or_right_after_a_wake_up()
    {
        var time = new FakeTimeProvider(T0);
        var gate = new IdleGate(() => TimeSpan.FromHours(1), time);
        var clock = Stopwatch.StartNew();

        gate.WaitForWork(); // start-up: full rate
        time.Advance(IdleGate.StartUp + TimeSpan.FromSeconds(1));
        gate.Wake();
        gate.WaitForWork(); // just woken: full rate

        Assert.True(clock.Elapsed < IdleGate.MaxSleep, $"waited {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void When_idle_sleeps_until_the_next_timer_at_most()
    {
        var time = new FakeTimeProvider(T0);
        var gate = new IdleGate(() => TimeSpan.FromMilliseconds(30), time);
        time.Advance(IdleGate.StartUp + TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        gate.WaitForWork();

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(20), IdleGate.MaxSleep - TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_wake_up_from_another_thread_ends_the_sleep()
    {
        var time = new FakeTimeProvider(T0);
        var gate = new IdleGate(() => null, time);
        time.Advance(IdleGate.StartUp + TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        // Plain threads: the main loop is one, and the test's own continuations must not wait for a pool.
        var loop = new Thread(gate.WaitForWork);
        loop.Start();
        Thread.Sleep(50);
        gate.Wake();

        Assert.True(loop.Join(TimeSpan.FromSeconds(5)));
        // Without the wake-up it would have slept MaxSleep (there is no timer at all).
        Assert.True(clock.Elapsed < IdleGate.MaxSleep, $"took {clock.Elapsed.TotalMilliseconds:0} ms");
    }
}
