using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.BringUp;
using Tailwart.Core.Diagnosis;

namespace Tailwart.Tests.BringUp;

/// <summary>
/// The gate in its default configuration (issue 16): no wait for Docker's health verdict, a short
/// hold after a restore and the full one after a flap, definitive answers not hammered, an idle
/// Stalwart proven by a store read, and a running Stalwart that started into the race repaired
/// through the gate. All on fake time.
/// </summary>
public sealed class GateDefaultsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeStack _stack;
    private readonly FakeSessions _sessions = new();
    private readonly List<BringUpEvent> _events = [];
    private static readonly BringUpOptions Defaults = new() { StableWindow = TimeSpan.FromSeconds(3) };

    public GateDefaultsTests()
    {
        _stack = new FakeStack(_time);
        _stack.Put(FakeStack.Snap("ts-stalwart", "created"));
        _stack.Put(FakeStack.Snap("stalwart", "created"));
    }

    private static RouteCheck Blackholed => new(RouteLevel.NameResolved, RouteFailure.NoAnswer, "no answer (blackholed?) from the-record-prod:5432 within 3 s", TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task The_route_is_checked_as_soon_as_the_sidecar_runs_not_when_docker_calls_it_healthy()
    {
        // given: Docker would call the sidecar healthy only 30 s after its start (a healthcheck interval)
        _stack.SidecarHealthyAfter = TimeSpan.FromSeconds(30);
        var route = new FakeRoute(FakeRoute.Verified);

        var result = await RunAsync(route, Defaults);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        var firstRoute = _events.First(e => e.Step == BringUpStep.RouteVerified);
        Assert.True(firstRoute.Elapsed < TimeSpan.FromSeconds(1), $"route checked {firstRoute.Elapsed} after the start");
        Assert.True(result.StalwartStartedAt - _events[0].At < TimeSpan.FromSeconds(5), $"released {result.StalwartStartedAt - _events[0].At} after the start");
        Assert.Contains(_events, e => e.Step == BringUpStep.SidecarHealthy && e.Evidence.Contains("Docker's health: starting (evidence only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_long_outage_the_restored_route_is_held_only_briefly()
    {
        // given: the route blackholed for the first 20 s, then steady
        DateTimeOffset? t0 = null;
        var route = new FakeRoute(FakeRoute.Verified) { ByAttempt = _ => _time.GetUtcNow() - (t0 ??= _time.GetUtcNow()) < TimeSpan.FromSeconds(20) ? Blackholed : FakeRoute.Verified };

        var result = await RunAsync(route, Defaults);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        TimeSpan afterRestore = result.StalwartStartedAt!.Value - (t0!.Value + TimeSpan.FromSeconds(20));
        Assert.True(afterRestore <= TimeSpan.FromSeconds(1.2), $"Stalwart started {afterRestore} after the restore (retry cap 0.3 s + hold 0.5 s)");
        Assert.Contains(_events, e => e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Succeeded && e.Evidence.Contains("kept verifying for 0.5 s (after an outage of 20 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_route_that_was_never_down_long_keeps_the_full_hold()
    {
        // given: a 2 s outage at the start (as long as one down-phase of the lab's flap), then steady
        DateTimeOffset? t0 = null;
        var route = new FakeRoute(FakeRoute.Verified) { ByAttempt = _ => _time.GetUtcNow() - (t0 ??= _time.GetUtcNow()) < TimeSpan.FromSeconds(2) ? Blackholed : FakeRoute.Verified };

        var result = await RunAsync(route, Defaults);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.True(result.StalwartStartedAt - t0 >= TimeSpan.FromSeconds(5), $"started {result.StalwartStartedAt - t0} after the first check: 2 s down, then 3 s must hold");
        Assert.Contains(_events, e => e.Status == StepStatus.Succeeded && e.Evidence.Contains("kept verifying for 3 s", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(1.3)]
    [InlineData(2.0)]
    [InlineData(3.1)]
    public async Task The_labs_2s_2s_flap_is_never_released_whatever_its_phase(double phase)
    {
        // given: tests/lab/lib/pg-flap: down 2 s, up 2 s, on a fixed clock; the bring-up meets it at any phase
        DateTimeOffset? t0 = null;
        var route = new FakeRoute(FakeRoute.Verified)
        {
            ByAttempt = _ => ((_time.GetUtcNow() - (t0 ??= _time.GetUtcNow())).TotalSeconds + phase) % 4 < 2 ? Blackholed : FakeRoute.Verified,
        };

        var result = await RunAsync(route, Defaults with { RouteDeadline = TimeSpan.FromSeconds(40) });

        Assert.Equal(BringUpOutcome.GateRefused, result.Outcome);
        Assert.DoesNotContain("start stalwart", _stack.Calls);
    }

    [Fact]
    public async Task A_flap_right_after_a_long_outage_falls_back_to_the_full_window()
    {
        // given: 10 s down, then 0.3 s up, 0.5 s down, then steady
        DateTimeOffset? t0 = null;
        var route = new FakeRoute(FakeRoute.Verified)
        {
            ByAttempt = _ => (_time.GetUtcNow() - (t0 ??= _time.GetUtcNow())).TotalSeconds is var t && (t < 10 || (t >= 10.3 && t < 10.8)) ? Blackholed : FakeRoute.Verified,
        };

        var result = await RunAsync(route, Defaults);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Contains(_events, e => e.Evidence.Contains("route flapped after a verified login", StringComparison.Ordinal) && e.Evidence.Contains("hold for 3 s", StringComparison.Ordinal));
        Assert.True(result.StalwartStartedAt - t0 >= TimeSpan.FromSeconds(13.8), $"started {result.StalwartStartedAt - t0} after the first check");
    }

    [Theory]
    [InlineData(RouteFailure.LoginRejected, "login rejected for user stalwart (28P01: password authentication failed)")]
    [InlineData(RouteFailure.DatabaseMissing, "database stalwart does not exist (3D000)")]
    public async Task A_definitive_answer_is_not_hammered(RouteFailure failure, string evidence)
    {
        // given: every login is rejected
        var at = new List<DateTimeOffset>();
        var route = new FakeRoute(new RouteCheck(RouteLevel.SpeaksPostgres, failure, evidence, TimeSpan.FromMilliseconds(20))) { OnCheck = () => at.Add(_time.GetUtcNow()) };

        var result = await RunAsync(route, Defaults with { RouteDeadline = TimeSpan.FromSeconds(60) });

        // then: refused with the reason, and never more than 2 logins in any 10 s
        Assert.Equal(BringUpOutcome.GateRefused, result.Outcome);
        Assert.Contains(evidence, result.Message, StringComparison.Ordinal);
        Assert.True(at.Count >= 5, $"{at.Count} attempts in 60 s: it keeps trying, slowly");
        int worst = at.Max(t => at.Count(u => u >= t && u < t + TimeSpan.FromSeconds(10)));
        Assert.True(worst <= 2, $"{worst} login attempts within 10 s");
        Assert.Contains(_events, e => e.Evidence.Contains("a definitive answer", StringComparison.Ordinal) && e.Evidence.Contains("next try in 10 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_idle_stalwart_without_sessions_is_verified_by_a_read_from_its_store()
    {
        _sessions.Count = 0;
        var store = new FakeStoreRead(new StoreRead(true, "an authenticated read Stalwart serves from its store succeeded (block list: 0 entries via admin-url)"));

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified), Defaults, store);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Contains(_events, e => e.Step == BringUpStep.StalwartVerified && e.Status == StepStatus.Succeeded && e.Evidence.Contains("no session in pg_stat_activity (an idle pool connects lazily), but an authenticated read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stalwart_whose_store_fails_a_read_is_not_verified_and_the_message_says_so()
    {
        _sessions.Count = 0;
        var store = new FakeStoreRead(new StoreRead(false, "an authenticated block-list read answered but Stalwart logged a store error for it: (store.postgresql-error)"));

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified), Defaults, store);

        Assert.Equal(BringUpOutcome.Failed, result.Outcome);
        Assert.Contains("Stalwart runs without a working store: an authenticated block-list read answered but Stalwart logged a store error", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_stalwart_that_started_into_the_race_is_restarted_through_the_gate_announced_first()
    {
        // given: sidecar and Stalwart running (same netns), Stalwart's log since its start has the boot failure
        var started = _time.GetUtcNow() - TimeSpan.FromMinutes(5);
        _stack.Put(FakeStack.Snap("ts-stalwart", "running", "healthy", startedAt: started - TimeSpan.FromSeconds(10)));
        _stack.Put(FakeStack.Snap("stalwart", "running", startedAt: started));
        _stack.Logs.Add("2026-12-01T11:55:01Z ERROR Startup failed: Failed to read database configuration (store.postgresql-error) reason = error connecting to server");
        var route = new FakeRoute(FakeRoute.Verified) { OnCheck = () => _stack.Calls.Add("route") };
        // the restart gives a clean start: its log since then is empty
        _stack.OnStart = null;

        var run = RunAsync(route, Defaults);
        var result = await run;

        Assert.Contains("restart stalwart", _stack.Calls);
        Assert.True(_stack.Calls.IndexOf("route") < _stack.Calls.IndexOf("restart stalwart"), string.Join(", ", _stack.Calls));
        var announce = _events.First(e => e.Evidence.Contains("started into the race", StringComparison.Ordinal));
        Assert.Contains("restarting lab-stalwart-1 through the gate", announce.Evidence, StringComparison.Ordinal);
        // the fake's log still carries the line after the restart, so the verification (rightly) still fails on it
        Assert.Equal(BringUpStep.StalwartVerified, result.FailedStep);
    }

    private async Task<BringUpResult> RunAsync(IRouteVerifier route, BringUpOptions options, IStoreReadProbe? store = null)
    {
        var machine = new BringUpMachine(_stack, route, _sessions, options, _time) { Store = store };
        var task = machine.RunAsync(new Progress(_events), CancellationToken.None);
        for (int i = 0; i < 20000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1, CancellationToken.None);
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    private sealed class Progress(List<BringUpEvent> events) : IProgress<BringUpEvent>
    {
        public void Report(BringUpEvent value)
        {
            lock (events)
                events.Add(value);
        }
    }
}
