using Tailwart.Core.BringUp;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;
using Xunit.Abstractions;

namespace Tailwart.IntegrationTests.BringUp;

/// <summary>
/// The gated bring-up against the lab: real dockerd, compose, PostgreSQL and faults. The sidecar
/// runs lesson 1's naive healthcheck, so only tailwart's gate stands between Stalwart and a
/// broken route.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class GatedBringUpTests(LabFixture fixture, ITestOutputHelper output) : IAsyncLifetime, IClassFixture<StackResetAfterClass>
{
    private readonly LabEnvironment _lab = fixture.Lab;

    public async Task InitializeAsync()
    {
        await _lab.ResetStackAsync();
        await LabStack.PrepareNaiveStackAsync(_lab);
    }

    // Every test starts from a reset (above); the class's last one is undone by StackResetAfterClass.
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Release_happens_only_after_a_real_login()
    {
        // given a stopped stack and a working route
        using var services = LabStack.Create(_lab);
        var log = new EventLog(output);

        // when
        var result = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(log);

        // then: released after a login, Stalwart verified by its sessions in pg_stat_activity
        Assert.True(result.Outcome == BringUpOutcome.Verified, result.Message);
        var route = log.Events.Single(e => e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Succeeded);
        Assert.Contains("logged in as stalwart", route.Evidence, StringComparison.Ordinal);
        Assert.Contains("SELECT 1 returned 1", route.Evidence, StringComparison.Ordinal);
        var started = log.Events.First(e => e.Step == BringUpStep.StalwartStarted);
        Assert.True(started.At >= route.At);
        Assert.Contains(log.Events, e => e.Step == BringUpStep.StalwartVerified && e.Status == StepStatus.Succeeded && e.Evidence.Contains("session(s) in pg_stat_activity", StringComparison.Ordinal));
        output.WriteLine($"gate: route verified {result.RouteVerifiedAt:HH:mm:ss.fff}, Stalwart started {result.StalwartStartedAt:HH:mm:ss.fff}, latency {(result.StalwartStartedAt - result.RouteVerifiedAt)?.TotalMilliseconds:0} ms");
    }

    [Theory]
    [InlineData("pg-refused", RouteFailure.ConnectionRefused, "connection refused")]
    [InlineData("pg-blackhole", RouteFailure.NoAnswer, "no answer (blackholed?)")]
    [InlineData("pg-impostor", RouteFailure.NotPostgres, "port open but not PostgreSQL")]
    [InlineData("pg-badauth", RouteFailure.LoginRejected, "login rejected for user stalwart")]
    public async Task A_broken_route_never_releases_and_is_named(string fault, RouteFailure failure, string words)
    {
        // given
        using var services = LabStack.Create(_lab);
        var log = new EventLog(output);
        await using var injected = await _lab.InjectAsync(fault);

        // when
        var result = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(12))).RunAsync(log);

        // then: the gate refused, named the failure, and Stalwart was never started
        Assert.True(result.Outcome == BringUpOutcome.GateRefused, $"{result.Outcome}: {result.Message}");
        Assert.Equal(failure, result.Route?.Failure);
        Assert.Contains(words, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Events, e => e.Step == BringUpStep.StalwartStarted);
        Assert.False(await _lab.IsRunningAsync(_lab.Config.StalwartService), "Stalwart must not run");
    }

    [Fact]
    public async Task The_gate_releases_within_seconds_of_postgres_accepting_logins()
    {
        // given: PostgreSQL down while the bring-up waits at the gate
        using var services = LabStack.Create(_lab);
        var log = new EventLog(output);
        var refused = await _lab.InjectAsync("pg-refused");
        DateTimeOffset accepting;
        Task<BringUpResult> run;
        try
        {
            var atGate = new TaskCompletionSource();
            log.OnEvent = e => { if (e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Progress) atGate.TrySetResult(); };
            // the flap guard (RouteStableFor) adds its window on purpose; measured here without it
            run = services.BringUp(LabStack.Options(TimeSpan.FromSeconds(90)) with { RouteStableFor = TimeSpan.Zero }).RunAsync(log);
            await atGate.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            // when: PostgreSQL comes back (pg_ctl -w returns once it accepts connections)
            await refused.DisposeAsync();
            accepting = DateTimeOffset.UtcNow;
        }
        var result = await run.WaitAsync(TimeSpan.FromSeconds(120));

        // then: released and verified; Docker's start time of Stalwart is soon after
        Assert.True(result.Outcome == BringUpOutcome.Verified, result.Message);
        var latency = result.StalwartStartedAt!.Value - accepting;
        output.WriteLine($"PostgreSQL accepting (fault off returned) {accepting:HH:mm:ss.fff}; Stalwart started (Docker) {result.StalwartStartedAt:HH:mm:ss.fff}; gate latency {latency.TotalMilliseconds:0} ms");
        Assert.True(latency < TimeSpan.FromSeconds(3), $"gate latency {latency}");
    }

    [Theory]
    [InlineData(5, 2)] // outages longer than nc's 3 s connect timeout: checks fail outright
    [InlineData(2, 2)] // the lab's default: a check meeting an outage rides through on TCP's 1 s SYN retransmit, so it only comes back slower
    public async Task A_flapping_route_never_releases(int downSeconds, int upSeconds)
    {
        // given: the route blackholed downSeconds, open upSeconds, over and over. Each check that
        // met an outage fails or stalls (RouteStableSlowCheck); each flap doubles the window.
        using var services = LabStack.Create(_lab);
        var log = new EventLog(output);
        Environment.SetEnvironmentVariable("LAB_FLAP_ON", downSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("LAB_FLAP_OFF", upSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await using var flap = await _lab.InjectAsync("pg-flap");

            // when
            var result = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(25))).RunAsync(log);

            // then
            Assert.True(result.Outcome == BringUpOutcome.GateRefused, $"{result.Outcome}: {result.Message}");
            Assert.False(await _lab.IsRunningAsync(_lab.Config.StalwartService), "Stalwart must not run");
        }
        finally
        {
            Environment.SetEnvironmentVariable("LAB_FLAP_ON", null);
            Environment.SetEnvironmentVariable("LAB_FLAP_OFF", null);
        }
    }

    [Theory]
    [InlineData(BringUpStep.SidecarHealthy)]
    [InlineData(BringUpStep.StalwartVerified)]
    public async Task A_bring_up_interrupted_at_a_step_resumes_and_completes(BringUpStep step)
    {
        using var services = LabStack.Create(_lab);
        // given: Ctrl-C as soon as the step starts
        using (var cts = new CancellationTokenSource())
        {
            var first = new EventLog(output) { OnEvent = e => { if (e.Step == step) cts.Cancel(); } };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(first, cts.Token));
        }

        // when
        var second = new EventLog(output);
        var result = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(second);

        // then: what was done is found done, the rest completes
        Assert.True(result.Outcome == BringUpOutcome.Verified, result.Message);
        Assert.Contains(second.Events, e => e.Step == BringUpStep.SidecarStarted && e.Status == StepStatus.Skipped);
        if (step == BringUpStep.StalwartVerified)
            Assert.Contains(second.Events, e => e.Step == BringUpStep.StalwartStarted && e.Status == StepStatus.Skipped);
    }

    [Fact]
    public async Task A_bring_up_interrupted_at_the_gate_resumes_from_where_the_stack_is()
    {
        using var services = LabStack.Create(_lab);
        // given: an interrupted first run (Ctrl-C while the gate retries a refused route)
        await using (var refused = await _lab.InjectAsync("pg-refused"))
        {
            using var cts = new CancellationTokenSource();
            var first = new EventLog(output) { OnEvent = e => { if (e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Progress) cts.Cancel(); } };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(first, cts.Token));
        }

        // when: run again with the route back
        var second = new EventLog(output);
        var result = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(second);

        // then: the sidecar steps were found done, and the rest completed
        Assert.True(result.Outcome == BringUpOutcome.Verified, result.Message);
        Assert.Contains(second.Events, e => e.Step == BringUpStep.SidecarStarted && e.Status == StepStatus.Skipped);
        Assert.Contains(second.Events, e => e.Step == BringUpStep.SidecarHealthy && e.Status == StepStatus.Skipped);
    }
}
