using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.BringUp;

namespace Tailwart.Tests.BringUp;

public sealed class BringUpMachineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeStack _stack;
    private readonly FakeSessions _sessions = new();
    private readonly List<BringUpEvent> _events = [];

    private static readonly BringUpOptions Fast = new()
    {
        SidecarHealthyDeadline = TimeSpan.FromSeconds(20),
        RouteDeadline = TimeSpan.FromSeconds(15),
        StalwartVerifyDeadline = TimeSpan.FromSeconds(10),
        StableWindow = TimeSpan.FromSeconds(3),
        RouteStableFor = TimeSpan.Zero,
    };

    public BringUpMachineTests()
    {
        _stack = new FakeStack(_time);
        _stack.Put(FakeStack.Snap("ts-stalwart", "created"));
        _stack.Put(FakeStack.Snap("stalwart", "created"));
    }

    [Fact]
    public async Task Gate_releases_only_after_a_login_succeeds()
    {
        // given: the route is refused twice, then a login works
        var route = new FakeRoute(
            FakeRoute.Failing(RouteLevel.NameResolved, RouteFailure.ConnectionRefused, "connection refused"),
            FakeRoute.Failing(RouteLevel.SpeaksPostgres, RouteFailure.LoginRejected, "login rejected for user stalwart"),
            FakeRoute.Verified) { OnCheck = () => _stack.Calls.Add("route") };

        // when
        var result = await RunAsync(route);

        // then: Stalwart was started after the third (first successful) check, and verified
        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Equal(["start ts-stalwart", "route", "route", "route", "start stalwart"], _stack.Calls);
        Assert.True(result.RouteVerifiedAt <= result.StalwartStartedAt);
        Assert.Contains(_events, e => e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Progress && e.Evidence.Contains("login rejected for user stalwart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gate_does_not_release_when_port_is_open_but_not_postgres()
    {
        // given
        var route = new FakeRoute(FakeRoute.Failing(RouteLevel.TcpConnected, RouteFailure.NotPostgres, "port open but not PostgreSQL: the-record-prod:5432 answered \"HTTP/1.1 400\""));

        // when
        var result = await RunAsync(route);

        // then
        Assert.Equal(BringUpOutcome.GateRefused, result.Outcome);
        Assert.Equal(BringUpStep.RouteVerified, result.FailedStep);
        Assert.Contains("port open but not PostgreSQL", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("start stalwart", _stack.Calls);
        Assert.True(route.Checks > 3, $"retried until the deadline, {route.Checks} checks");
    }

    [Fact]
    public async Task Gate_does_not_release_a_flapping_route()
    {
        // given: the route verifies every other check (a tailnet route that comes and goes)
        var route = new FakeRoute(FakeRoute.Verified) { ByAttempt = n => n % 2 == 1 ? FakeRoute.Verified : FakeRoute.Failing(RouteLevel.NameResolved, RouteFailure.NoAnswer, "no answer (blackholed?)") };

        var result = await RunAsync(route, options: Fast with { RouteStableFor = TimeSpan.FromSeconds(3) });

        Assert.Equal(BringUpOutcome.GateRefused, result.Outcome);
        Assert.DoesNotContain("start stalwart", _stack.Calls);
        Assert.Contains(_events, e => e.Evidence.StartsWith("route flapped after a verified login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_route_that_flapped_must_hold_twice_as_long_so_up_phases_longer_than_the_window_do_not_release()
    {
        // given: a flap with 4 s up and 2 s down phases (up-phases outlast the 3 s window), and the
        // first check lands 2.5 s into an up phase, so the first window meets the next drop
        DateTimeOffset? t0 = null; // the flap's clock: its up-phase began 2.5 s before the first check
        var route = new FakeRoute(FakeRoute.Verified)
        {
            ByAttempt = _ => (_time.GetUtcNow() - (t0 ??= _time.GetUtcNow() - TimeSpan.FromSeconds(2.5))).TotalSeconds % 6 < 4
                ? FakeRoute.Verified : FakeRoute.Failing(RouteLevel.NameResolved, RouteFailure.NoAnswer, "no answer (blackholed?)"),
        };

        var result = await RunAsync(route, options: Fast with { RouteDeadline = TimeSpan.FromSeconds(40), RouteStableFor = TimeSpan.FromSeconds(3) });

        // then: after the first flap each window is longer than any up-phase: refused, never released
        Assert.Equal(BringUpOutcome.GateRefused, result.Outcome);
        Assert.DoesNotContain("start stalwart", _stack.Calls);
        Assert.Contains(_events, e => e.Evidence.Contains("it must now hold for 6 s", StringComparison.Ordinal));
        Assert.Contains(_events, e => e.Evidence.Contains("it must now hold for 12 s", StringComparison.Ordinal));
        Assert.DoesNotContain(_events, e => e.Evidence.Contains("hold for 24 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_route_that_flapped_and_then_settles_is_released_after_the_longer_window()
    {
        // given: one drop 1 s into the first window, then a steady route
        DateTimeOffset? t0 = null; // the first check
        var route = new FakeRoute(FakeRoute.Verified)
        {
            ByAttempt = _ => _time.GetUtcNow() - (t0 ??= _time.GetUtcNow()) is var t && t > TimeSpan.FromSeconds(1) && t < TimeSpan.FromSeconds(2)
                ? FakeRoute.Failing(RouteLevel.NameResolved, RouteFailure.NoAnswer, "no answer (blackholed?)") : FakeRoute.Verified,
        };

        var result = await RunAsync(route, options: Fast with { RouteDeadline = TimeSpan.FromSeconds(30), RouteStableFor = TimeSpan.FromSeconds(3) });

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Contains(_events, e => e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Succeeded && e.Evidence.Contains("kept verifying for 6 s", StringComparison.Ordinal));
        Assert.True(result.StalwartStartedAt - t0 >= TimeSpan.FromSeconds(8), $"started {result.StalwartStartedAt - t0} after the first check (the drop ends at 2 s, then 6 s must hold)");
    }

    [Fact]
    public async Task Gate_releases_a_route_that_stays_verified_for_the_stability_window()
    {
        var route = new FakeRoute(FakeRoute.Verified);

        var result = await RunAsync(route, options: Fast with { RouteStableFor = TimeSpan.FromSeconds(3) });

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.True(route.Checks >= 10, $"{route.Checks} checks over 3 s at 250 ms");
        Assert.Contains(_events, e => e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Succeeded && e.Evidence.Contains("kept verifying for 3 s", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(RouteFailure.NameDoesNotResolve, "name does not resolve")]
    [InlineData(RouteFailure.ConnectionRefused, "connection refused")]
    [InlineData(RouteFailure.NoAnswer, "no answer (blackholed?)")]
    [InlineData(RouteFailure.LoginRejected, "login rejected for user stalwart")]
    [InlineData(RouteFailure.SidecarUnavailable, "sidecar is not running")]
    public async Task Gate_never_releases_on_a_timeout_whatever_the_failure(RouteFailure failure, string evidence)
    {
        var result = await RunAsync(new FakeRoute(FakeRoute.Failing(RouteLevel.None, failure, evidence)));

        Assert.Equal(BringUpOutcome.GateRefused, result.Outcome);
        Assert.Contains(evidence, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("start stalwart", _stack.Calls);
        Assert.Null(result.RouteVerifiedAt);
    }

    [Fact]
    public async Task Sidecar_health_is_taken_from_the_watch_not_assumed()
    {
        // given: Docker reports the sidecar healthy 8 s after its start, and the old wait is asked for
        _stack.SidecarHealthyAfter = TimeSpan.FromSeconds(8);
        var route = new FakeRoute(FakeRoute.Verified);

        var result = await RunAsync(route, options: Fast with { WaitForSidecarHealth = true });

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        var healthy = _events.Single(e => e.Step == BringUpStep.SidecarHealthy && e.Status == StepStatus.Succeeded);
        Assert.True(healthy.Elapsed >= TimeSpan.FromSeconds(8), $"healthy at {healthy.Elapsed}");
        var firstRoute = _events.First(e => e.Step == BringUpStep.RouteVerified);
        Assert.True(firstRoute.Elapsed >= healthy.Elapsed);
    }

    [Fact]
    public async Task Sidecar_that_never_becomes_healthy_fails_with_its_last_state()
    {
        _stack.SidecarHealthyAfter = null;

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified), options: Fast with { WaitForSidecarHealth = true });

        Assert.Equal(BringUpOutcome.Failed, result.Outcome);
        Assert.Equal(BringUpStep.SidecarHealthy, result.FailedStep);
        Assert.Contains("never became healthy within 20 s", result.Message, StringComparison.Ordinal);
        Assert.Contains("health starting", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerun_with_a_healthy_sidecar_skips_to_the_route()
    {
        // given: an interrupted earlier run left the sidecar running and healthy
        _stack.Put(FakeStack.Snap("ts-stalwart", "running", "healthy", startedAt: _time.GetUtcNow()));

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified));

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Equal(["start stalwart"], _stack.Calls);
        Assert.Contains(_events, e => e.Step == BringUpStep.SidecarStarted && e.Status == StepStatus.Skipped);
        Assert.Contains(_events, e => e.Step == BringUpStep.SidecarHealthy && e.Status == StepStatus.Skipped);
    }

    [Fact]
    public async Task Missing_containers_are_created_through_compose_first()
    {
        var empty = new FakeStack(_time);
        var result = await RunAsync(new FakeRoute(FakeRoute.Verified), empty);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        // the sidecar first; Stalwart only once the sidecar runs and the route is verified
        Assert.Equal(["create ts-stalwart", "start ts-stalwart", "create stalwart", "start stalwart"], empty.Calls);
    }

    [Fact]
    public async Task A_configured_service_compose_does_not_create_is_named()
    {
        var empty = new FakeStack(_time) { OnCreate = _ => null };

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified), empty);

        Assert.Equal(BringUpOutcome.Failed, result.Outcome);
        Assert.Equal(BringUpStep.Discover, result.FailedStep);
        Assert.Contains("ts-stalwart not found in compose project lab", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stalwart_created_for_a_recreated_sidecar_is_recreated_before_its_start()
    {
        // given: Stalwart joined the netns of a sidecar container that no longer exists
        _stack.Put(FakeStack.Snap("stalwart", "created") with { NetworkMode = "container:0ldc0ntainer" });

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified));

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Equal(["start ts-stalwart", "recreate stalwart", "start stalwart"], _stack.Calls);
        Assert.Contains(_events, e => e.Evidence.Contains("stale netns", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Running_stalwart_is_stopped_while_the_route_is_verified_and_started_after_it_when_the_sidecar_restarted_after_it()
    {
        // given: Stalwart has run since 11:00, the sidecar restarted at 11:30 (Stalwart lost its network)
        var t0 = _time.GetUtcNow();
        _stack.Put(FakeStack.Snap("stalwart", "running", startedAt: t0.AddHours(-1)));
        _stack.Put(FakeStack.Snap("ts-stalwart", "running", "healthy", startedAt: t0.AddMinutes(-30)));

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified));

        // then: stopped with the short grace (it has no network), started again only once the route verified
        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Equal(["stop stalwart (grace 3 s)", "start stalwart"], _stack.Calls);
        Assert.True(result.StalwartStartedAt >= result.RouteVerifiedAt, $"started {result.StalwartStartedAt:O}, route verified {result.RouteVerifiedAt:O}");
        Assert.Contains(result.Events, e => e.Step == BringUpStep.StalwartStarted && e.Evidence.Contains("stopping", StringComparison.Ordinal) && e.Evidence.Contains("while the route is verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_stalwart_stopped_during_a_refused_gate_is_not_started()
    {
        // given: the sidecar restarted after Stalwart, and its route never comes back
        var t0 = _time.GetUtcNow();
        _stack.Put(FakeStack.Snap("stalwart", "running", startedAt: t0.AddHours(-1)));
        _stack.Put(FakeStack.Snap("ts-stalwart", "running", "healthy", startedAt: t0.AddMinutes(-30)));
        var route = new FakeRoute(FakeRoute.Failing(RouteLevel.NameResolved, RouteFailure.NoAnswer, "no answer (blackholed?)"));

        var result = await RunAsync(route);

        // then: stopped (it had no network either way), never started outside the gate
        Assert.Equal(BringUpOutcome.GateRefused, result.Outcome);
        Assert.Equal(["stop stalwart (grace 3 s)"], _stack.Calls);
    }

    [Fact]
    public async Task Restart_looping_stalwart_fails_verification()
    {
        // given: Stalwart exits 1 a second after each start and the restart policy brings it back
        _stack.OnStart = c => c with { State = "running", StartedAt = _time.GetUtcNow() };
        var route = new FakeRoute(FakeRoute.Verified) { OnCheck = () => { } };
        _stack.Logs.Add("Failed to read database configuration: PostgreSQL error (store.postgresql-error): reason = error connecting to server");
        var run = RunAsync(route);
        // the loop: one restart shortly after start
        _stack.Later(TimeSpan.FromSeconds(1), s => s!.State == "running" && s.Service == "stalwart" ? s with { RestartCount = s.RestartCount + 1, ExitCode = 1 } : s!, "stalwart");

        var result = await run;

        Assert.Equal(BringUpOutcome.Failed, result.Outcome);
        Assert.Equal(BringUpStep.StalwartVerified, result.FailedStep);
        Assert.Contains("restart-looping", result.Message, StringComparison.Ordinal);
        Assert.Contains("Failed to read database configuration", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_db_failure_line_since_the_start_fails_verification()
    {
        _stack.Logs.Add("2026-11-25T12:00:01Z ERROR Configuration build error (config.build-error) details = \"Build error for key \\\"store.postgresql\\\": Failed to create tables: error connecting to server\"");

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified));

        Assert.Equal(BringUpOutcome.Failed, result.Outcome);
        Assert.Contains("logged a database failure", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stalwart_without_sessions_in_pg_stat_activity_is_not_verified()
    {
        _sessions.Count = 0;

        var result = await RunAsync(new FakeRoute(FakeRoute.Verified));

        Assert.Equal(BringUpOutcome.Failed, result.Outcome);
        Assert.Contains("Stalwart was not verified within 10 s: missing a Stalwart session in pg_stat_activity (0 seen)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_changes_nothing()
    {
        var result = await RunAsync(new FakeRoute(FakeRoute.Verified), options: Fast with { DryRun = true });

        Assert.Equal(BringUpOutcome.DryRun, result.Outcome);
        Assert.Empty(_stack.Calls);
        Assert.Contains(_events, e => e.Status == StepStatus.WouldRun && e.Step == BringUpStep.SidecarStarted);
    }

    [Fact]
    public async Task Cancellation_stops_the_bring_up_before_stalwart_starts()
    {
        using var cts = new CancellationTokenSource();
        var route = new FakeRoute(FakeRoute.Failing(RouteLevel.NameResolved, RouteFailure.ConnectionRefused, "connection refused")) { OnCheck = () => { } };
        route.OnCheck = () => { if (route.Checks == 2) cts.Cancel(); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(route, ct: cts.Token));
        Assert.DoesNotContain("start stalwart", _stack.Calls);
    }

    [Fact]
    public async Task The_edge_starts_last_only_once_stalwart_is_verified()
    {
        // given: an edge relay in the project, created but stopped
        _stack.Put(FakeStack.Snap("edge", "created"));

        // when
        var result = await RunAsync(new FakeRoute(FakeRoute.Verified), options: Fast with { EdgeService = "edge" });

        // then: the world is let in after Stalwart's verification, not before
        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Equal(["start ts-stalwart", "start stalwart", "start edge"], _stack.Calls);
        var verified = _events.Single(e => e.Step == BringUpStep.StalwartVerified && e.Status == StepStatus.Succeeded);
        var edge = _events.Single(e => e.Step == BringUpStep.EdgeStarted && e.Status == StepStatus.Succeeded);
        Assert.True(edge.At >= verified.At);
    }

    [Fact]
    public async Task A_gate_that_refuses_leaves_the_edge_stopped_and_no_edge_means_no_edge_step()
    {
        _stack.Put(FakeStack.Snap("edge", "created"));
        var refused = await RunAsync(new FakeRoute(FakeRoute.Failing(RouteLevel.NameResolved, RouteFailure.ConnectionRefused, "connection refused")), options: Fast with { EdgeService = "edge" });
        Assert.Equal(BringUpOutcome.GateRefused, refused.Outcome);
        Assert.DoesNotContain("start edge", _stack.Calls);

        _events.Clear();
        var without = await RunAsync(new FakeRoute(FakeRoute.Verified));
        Assert.Equal(BringUpOutcome.Verified, without.Outcome);
        Assert.DoesNotContain(_events, e => e.Step == BringUpStep.EdgeStarted);
    }

    private async Task<BringUpResult> RunAsync(IRouteVerifier route, FakeStack? stack = null, BringUpOptions? options = null, Core.Diagnosis.IStoreReadProbe? store = null, CancellationToken ct = default)
    {
        var machine = new BringUpMachine(stack ?? _stack, route, _sessions, options ?? Fast, _time) { Store = store };
        var task = machine.RunAsync(new ListProgress(_events), ct);
        // advance the fake clock in small steps while the machine works; real time stays tiny
        for (int i = 0; i < 5000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1, CancellationToken.None);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    private sealed class ListProgress(List<BringUpEvent> events) : IProgress<BringUpEvent>
    {
        public void Report(BringUpEvent value)
        {
            lock (events)
                events.Add(value);
        }
    }
}
