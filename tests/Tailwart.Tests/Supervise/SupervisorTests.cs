using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.BringUp;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Supervise;

namespace Tailwart.Tests.Supervise;

/// <summary>The supervisor's decisions, on fake time: what it repairs, when, and what it leaves alone.</summary>
public sealed class SupervisorTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-supervise-").FullName;
    private readonly List<SupervisorDecision> _decisions = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly FakeSupervisedStack _stack;

    public SupervisorTests() => _stack = new FakeSupervisedStack(_time, Path.Combine(_dir, StackActorLock.FileName));

    private static SuperviseOptions Options => new() { Settle = TimeSpan.FromSeconds(1), Recheck = TimeSpan.FromSeconds(5) };

    private Task Start(SuperviseOptions? options = null)
    {
        var supervisor = new Supervisor(_stack, options ?? Options, _time, d => { lock (_decisions) _decisions.Add(d); });
        return Task.Run(() => supervisor.RunAsync(_stop.Token));
    }

    private List<SupervisorDecision> Decisions { get { lock (_decisions) return [.. _decisions]; } }

    /// <summary>Lets the supervisor run, advancing the fake clock in small steps, until <paramref name="done"/> (or 10 s of real time).</summary>
    private async Task Until(Func<bool> done, string what, TimeSpan? step = null)
    {
        for (int i = 0; i < 5000; i++)
        {
            if (done())
                return;
            await Task.Delay(2);
            _time.Advance(step ?? TimeSpan.FromMilliseconds(100));
        }
        Assert.Fail($"never saw {what}; decisions: {string.Join(" | ", Decisions.Select(d => d.Line))}");
    }

    /// <summary>Real time only: no fake-clock step, for checks that nothing happens without time passing.</summary>
    private static Task Settle() => Task.Delay(50);

    private async Task StopAsync(Task running)
    {
        await _stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task At_start_a_stalwart_that_started_into_the_race_is_repaired_through_the_gate_once()
    {
        // given dockerd started Stalwart at boot before the route was verified
        _stack.Findings = [FindingIds.StalwartRace];

        // when
        Task running = Start();
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Repaired), "a repair");
        await Until(() => _stack.Subscribed, "the event subscription");
        await Settle();

        // then one gated bring-up ran, its decision says what it saw and the result
        Assert.Single(_stack.BringUps);
        SupervisorDecision repaired = Decisions.Single(d => d.Kind == DecisionKind.Repaired);
        Assert.Contains(FindingIds.StalwartRace, repaired.Saw, StringComparison.Ordinal);
        Assert.Contains("supervise started", repaired.Saw, StringComparison.Ordinal);
        Assert.Contains("gated bring-up", repaired.Did, StringComparison.Ordinal);
        Assert.StartsWith("Verified", repaired.Result, StringComparison.Ordinal);
        await StopAsync(running);
    }

    [Fact]
    public async Task At_start_a_stalwart_that_dockerd_left_exited_is_repaired_on_dockers_view_without_waiting_for_a_diagnosis()
    {
        // given a boot with restart "no" on Stalwart: dockerd started the sidecar only
        var now = _time.GetUtcNow();
        _stack.Snapshot = new Core.Docker.StackSnapshot("lab", new Dictionary<string, Core.Docker.ContainerSnapshot>
        {
            ["ts-stalwart"] = BringUp.FakeStack.Snap("ts-stalwart", "running", startedAt: now),
            ["stalwart"] = BringUp.FakeStack.Snap("stalwart", "exited", startedAt: now.AddHours(-2)),
        }, []);

        // when
        Task running = Start();
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Repaired), "a repair");

        // then the gated bring-up ran on the quick look alone (no diagnosis and its probes before it)
        Assert.Single(_stack.BringUps);
        Assert.Equal(0, _stack.Diagnoses);
        SupervisorDecision repaired = Decisions.Single(d => d.Kind == DecisionKind.Repaired);
        Assert.Contains(FindingIds.StalwartExited, repaired.Saw, StringComparison.Ordinal);
        Assert.Contains("quick look", repaired.Result, StringComparison.Ordinal);
        await StopAsync(running);
    }

    [Fact]
    public async Task A_healthy_stack_at_start_is_left_alone_and_sigterm_ends_with_a_stop_decision()
    {
        // given
        Task running = Start();
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Healthy) && _stack.Subscribed, "the first look");

        // when SIGTERM (the verb cancels the token)
        await StopAsync(running);

        // then nothing was repaired, and the last decision is the stop
        Assert.Empty(_stack.BringUps);
        Assert.Equal(DecisionKind.Stopped, Decisions[^1].Kind);
        Assert.Contains("0 repair(s)", Decisions[^1].Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sidecar_restart_event_gets_a_gated_repair_of_the_stale_netns()
    {
        // given a healthy stack being followed
        Task running = Start();
        await Until(() => _stack.Subscribed && Decisions.Any(d => d.Kind == DecisionKind.Healthy), "the first look");

        // when the sidecar restarts at night (Stalwart is left in its dead netns)
        _stack.Findings = [FindingIds.NetnsStale];
        _stack.Push("ts-stalwart", "kill");
        _stack.Push("ts-stalwart", "die");
        _stack.Push("ts-stalwart", "start");
        _stack.Push("ts-stalwart", "restart");
        await Until(() => _stack.BringUps.Count > 0, "a bring-up");
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Repaired), "the repaired decision");

        // then the burst led to one repair, and the decision names the events
        Assert.Single(_stack.BringUps);
        SupervisorDecision d = Decisions.Single(x => x.Kind == DecisionKind.Repaired);
        Assert.Contains("ts-stalwart restart", d.Saw, StringComparison.Ordinal);
        Assert.Contains(FindingIds.NetnsStale, d.Saw, StringComparison.Ordinal);
        await StopAsync(running);
    }

    [Fact]
    public async Task A_sidecar_seen_stopping_is_given_time_for_dockerds_own_start_and_the_quick_look_repairs_its_stale_netns_without_a_diagnosis()
    {
        // given a healthy stack being followed
        Task running = Start(Options with { SidecarRestartWait = TimeSpan.FromSeconds(15) });
        await Until(() => _stack.Subscribed && Decisions.Any(d => d.Kind == DecisionKind.Healthy), "the first look");
        int diagnoses = _stack.Diagnoses, discoveries = _stack.Discoveries;

        // when `docker restart` stops the sidecar, and its start comes 8 s later (a slow stop)
        _stack.Push("ts-stalwart", "kill");
        _stack.Push("ts-stalwart", "die");
        _stack.Push("ts-stalwart", "stop");
        DateTimeOffset stopped = _time.GetUtcNow();
        await Until(() => _time.GetUtcNow() - stopped >= TimeSpan.FromSeconds(8), "8 s of the gap");

        // then nothing was looked at or started in the gap (a start there would race dockerd's)
        Assert.Empty(_stack.BringUps);
        Assert.Equal(discoveries, _stack.Discoveries);
        Assert.Equal(diagnoses, _stack.Diagnoses);

        // when the sidecar runs again, with Stalwart still in its old netns
        var now = _time.GetUtcNow();
        _stack.Snapshot = new Core.Docker.StackSnapshot("lab", new Dictionary<string, Core.Docker.ContainerSnapshot>
        {
            ["ts-stalwart"] = BringUp.FakeStack.Snap("ts-stalwart", "running", startedAt: now),
            ["stalwart"] = BringUp.FakeStack.Snap("stalwart", "running", startedAt: now.AddHours(-2)),
        }, []);
        _stack.Push("ts-stalwart", "start");
        _stack.Push("ts-stalwart", "restart");
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Repaired), "the repaired decision");

        // then one gated repair, decided by the quick look alone, its timeline in the result
        Assert.Single(_stack.BringUps);
        Assert.Equal(diagnoses, _stack.Diagnoses);
        SupervisorDecision d = Decisions.Single(x => x.Kind == DecisionKind.Repaired);
        Assert.Contains(FindingIds.NetnsStale, d.Saw, StringComparison.Ordinal);
        Assert.Contains("ts-stalwart stop", d.Saw, StringComparison.Ordinal);
        Assert.Contains("timeline: first event ts-stalwart kill", d.Result, StringComparison.Ordinal);
        Assert.Contains("quick look", d.Result, StringComparison.Ordinal);
        Assert.DoesNotContain("diagnosis", d.Result, StringComparison.Ordinal);
        await StopAsync(running);
    }

    [Fact]
    public async Task Once_the_sidecar_is_back_the_repair_starts_after_the_short_settle_and_exec_or_health_events_do_not_hold_it()
    {
        // given a healthy stack being followed (the sidecar restarted; Stalwart in its old netns)
        Task running = Start(Options with { SidecarRestartWait = TimeSpan.FromSeconds(15), SidecarStartSettle = TimeSpan.FromMilliseconds(250) });
        await Until(() => _stack.Subscribed && Decisions.Any(d => d.Kind == DecisionKind.Healthy), "the first look");
        var now = _time.GetUtcNow();
        _stack.Snapshot = new Core.Docker.StackSnapshot("lab", new Dictionary<string, Core.Docker.ContainerSnapshot>
        {
            ["ts-stalwart"] = BringUp.FakeStack.Snap("ts-stalwart", "running", startedAt: now),
            ["stalwart"] = BringUp.FakeStack.Snap("stalwart", "running", startedAt: now.AddHours(-2)),
        }, []);

        // when `docker restart` runs its burst, and the healthcheck's and a monitor's execs keep coming every 100 ms
        foreach (string action in new[] { "kill", "die", "stop", "start", "restart" })
            _stack.Push("ts-stalwart", action);
        DateTimeOffset back = _time.GetUtcNow();
        using var execs = new CancellationTokenSource();
        Task noise = Task.Run(async () =>
        {
            while (!execs.IsCancellationRequested)
            {
                _stack.Push("ts-stalwart", "exec_start: /bin/sh -c wget -q -O- http://127.0.0.1:9002/healthz");
                _stack.Push("ts-stalwart", "health_status: healthy");
                await Task.Delay(1);
            }
        });
        await Until(() => _stack.BringUps.Count > 0, "a bring-up", step: TimeSpan.FromMilliseconds(50));
        await execs.CancelAsync();
        await noise;

        // then the repair began within the short settle (not the 1 s one, and not held open by the execs)
        TimeSpan waited = _stack.BringUps[0] - back;
        Assert.True(waited >= TimeSpan.FromMilliseconds(250) && waited < TimeSpan.FromMilliseconds(600), $"bring-up {waited.TotalMilliseconds:0} ms after the sidecar's start");
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Repaired), "the repaired decision");
        Assert.DoesNotContain("exec_start", Decisions.Single(x => x.Kind == DecisionKind.Repaired).Saw, StringComparison.Ordinal);
        await StopAsync(running);
    }

    [Fact]
    public async Task A_stalwart_event_after_the_sidecars_start_brings_back_the_full_settle()
    {
        // given
        Task running = Start(Options with { SidecarRestartWait = TimeSpan.FromSeconds(15), SidecarStartSettle = TimeSpan.FromMilliseconds(250) });
        await Until(() => _stack.Subscribed && Decisions.Any(d => d.Kind == DecisionKind.Healthy), "the first look");
        _stack.Findings = [FindingIds.NetnsStale];

        // when the sidecar restarts and Stalwart is stopped right after it (compose restarting both)
        foreach (string action in new[] { "kill", "die", "stop", "start" })
            _stack.Push("ts-stalwart", action);
        _stack.Push("stalwart", "kill");
        DateTimeOffset last = _time.GetUtcNow();
        await Until(() => _stack.BringUps.Count > 0, "a bring-up", step: TimeSpan.FromMilliseconds(50));

        // then it waited the whole quiet window after Stalwart's event
        Assert.True(_stack.BringUps[0] - last >= TimeSpan.FromSeconds(1), $"bring-up {(_stack.BringUps[0] - last).TotalMilliseconds:0} ms after Stalwart's kill");
        await StopAsync(running);
    }

    [Fact]
    public async Task A_sidecar_that_stays_down_is_looked_at_once_the_restart_wait_is_over()
    {
        // given a healthy stack being followed
        Task running = Start(Options with { SidecarRestartWait = TimeSpan.FromSeconds(15) });
        await Until(() => _stack.Subscribed && Decisions.Any(d => d.Kind == DecisionKind.Healthy), "the first look");

        // when the sidecar dies and nothing starts it (restart: "no")
        _stack.Findings = [FindingIds.SidecarDown];
        DateTimeOffset died = _time.GetUtcNow();
        _stack.Push("ts-stalwart", "die");
        await Until(() => _stack.BringUps.Count > 0, "a bring-up");

        // then the bring-up starts it, not before the wait for dockerd's own start was over
        Assert.True(_stack.BringUps[0] - died >= TimeSpan.FromSeconds(15), $"bring-up {(_stack.BringUps[0] - died).TotalSeconds:0.0} s after the die");
        await StopAsync(running);
    }

    [Fact]
    public async Task Its_own_restart_events_do_not_start_another_repair()
    {
        // given Stalwart is down at start, and the bring-up's restart shows as events
        _stack.Findings = [FindingIds.StalwartExited];
        _stack.DuringBringUp = () =>
        {
            if (_stack.Subscribed)
            {
                _stack.Push("stalwart", "start");
            }
        };

        // when
        Task running = Start();
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Repaired), "the repair");
        for (int i = 0; i < 50; i++)
        {
            await Task.Delay(2);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // then
        Assert.Single(_stack.BringUps);
        await StopAsync(running);
    }

    [Fact]
    public async Task A_crash_loop_is_backed_off_not_hammered()
    {
        // given a Stalwart that dies after every verified start
        Task running = Start();
        await Until(() => _stack.Subscribed && Decisions.Count > 0, "the first look");

        // when it dies six times in a row, each right after the previous repair
        for (int round = 1; round <= 6; round++)
        {
            int before = _stack.BringUps.Count;
            _stack.Findings = [FindingIds.StalwartExited];
            _stack.Push("stalwart", "die");
            await Until(() => _stack.BringUps.Count > before, $"repair {round}", TimeSpan.FromMilliseconds(500));
        }

        // then each repair after the first waited out a growing pause: 5, 10, 20, 40, 80 s (the fake clock
        // only runs ahead of the supervisor, never behind, so a gap can be longer than its pause, not shorter)
        var pauses = Decisions.Where(d => d.Kind == DecisionKind.BackingOff && d.Did.Contains("before the next repair", StringComparison.Ordinal))
            .Select(d => double.Parse(d.Did.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([5, 10, 20, 40, 80], pauses);
        var gaps = _stack.BringUps.Zip(_stack.BringUps.Skip(1), (a, b) => b - a).ToList();
        for (int i = 0; i < gaps.Count; i++)
            Assert.True(gaps[i] >= TimeSpan.FromSeconds(pauses[i]), $"repair {i + 2} came {gaps[i].TotalSeconds} s after the previous one, before its {pauses[i]} s pause");
        await StopAsync(running);
    }

    [Fact]
    public async Task A_repair_after_a_quiet_period_runs_at_once()
    {
        // given one repair long ago
        _stack.Findings = [FindingIds.StalwartExited];
        Task running = Start();
        await Until(() => _stack.BringUps.Count == 1 && _stack.Subscribed, "the first repair");
        _time.Advance(TimeSpan.FromMinutes(11));

        // when Stalwart dies again
        _stack.Findings = [FindingIds.StalwartExited];
        _stack.Push("stalwart", "die");
        DateTimeOffset died = _time.GetUtcNow();
        await Until(() => _stack.BringUps.Count == 2, "the second repair");

        // then it was not backed off: the quiet period reset the pause
        Assert.DoesNotContain(Decisions, d => d.Kind == DecisionKind.BackingOff);
        Assert.True(_stack.BringUps[1] >= died);
        await StopAsync(running);
    }

    [Fact]
    public async Task Dockerd_going_away_is_survived_by_reconnecting_and_re_reading_the_stack()
    {
        // given a followed, healthy stack
        Task running = Start();
        await Until(() => _stack.Subscribed && Decisions.Count > 0, "the first look");

        // when dockerd stops for 20 s; at its start it starts the sidecar, and Stalwart (restart: "no") stays down
        _stack.StopDockerd();
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.DockerLost), "dockerd lost");
        for (int i = 0; i < 200; i++)
        {
            await Task.Delay(1);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        _stack.Findings = [FindingIds.StalwartExited];
        _stack.DockerDown = false;
        await Until(() => _stack.BringUps.Count == 1, "the repair after dockerd came back");

        // then: one "lost" decision (not one per retry), one "back", a second subscription, and a gated bring-up
        Assert.Single(Decisions, d => d.Kind == DecisionKind.DockerLost);
        Assert.Single(Decisions, d => d.Kind == DecisionKind.DockerBack);
        await Until(() => _stack.Subscriptions == 2, "a second subscription");
        var kinds = Decisions.Select(d => d.Kind).ToList();
        Assert.True(kinds.IndexOf(DecisionKind.DockerBack) < kinds.LastIndexOf(DecisionKind.Repaired) || kinds.LastIndexOf(DecisionKind.Repaired) < 0);
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Repaired && d.Saw.StartsWith("dockerd came back", StringComparison.Ordinal)), "the repaired decision after dockerd came back");
        await StopAsync(running);
    }

    [Fact]
    public async Task A_route_lost_while_stalwart_runs_is_watched_then_a_broken_store_is_repaired_once_the_route_is_back()
    {
        // given the route to Postgres drops while Stalwart runs
        _stack.Findings = [FindingIds.RouteNotVerified];
        Task running = Start();
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Watching), "the watching decision");
        int looks = _stack.Diagnoses;
        await Until(() => _stack.Diagnoses > looks + 1, "two more looks");
        Assert.Empty(_stack.BringUps);

        // when the route comes back and Stalwart's store is broken
        _stack.Findings = [FindingIds.StoreBroken];
        await Until(() => _stack.BringUps.Count == 1, "the repair");

        // then
        Assert.Contains(Decisions, d => d.Kind == DecisionKind.Repaired && d.Saw.Contains(FindingIds.StoreBroken, StringComparison.Ordinal));
        await StopAsync(running);
    }

    [Fact]
    public async Task A_failed_gate_is_tried_again_after_the_back_off()
    {
        // given a boot with the route blackholed: the gate refuses twice, then releases
        _stack.Findings = [FindingIds.StalwartExited];
        _stack.Outcomes.Enqueue(BringUpOutcome.GateRefused);
        _stack.Outcomes.Enqueue(BringUpOutcome.GateRefused);
        _stack.Outcomes.Enqueue(BringUpOutcome.Verified);

        // when
        Task running = Start();
        await Until(() => Decisions.Any(d => d.Kind == DecisionKind.Repaired), "the repair", TimeSpan.FromMilliseconds(500));

        // then
        Assert.Equal(3, _stack.BringUps.Count);
        Assert.Equal(2, Decisions.Count(d => d.Kind == DecisionKind.RepairFailed));
        await StopAsync(running);
    }

    [Fact]
    public async Task A_repair_waits_for_another_actor_holding_the_stack_lock()
    {
        // given `up` (another actor) holds the box's lock
        var other = new StackActorLock(_stack.ActorLock.Path, _time);
        IDisposable held = other.TryAcquire("up") ?? throw new InvalidOperationException("lock taken");
        _stack.Findings = [FindingIds.StalwartExited];

        // when the supervisor wants to repair
        Task running = Start();
        await Until(() => Decisions.Any(d => d.Did.Contains("actor lock", StringComparison.Ordinal)), "the wait for the lock");
        for (int i = 0; i < 20; i++)
        {
            await Task.Delay(2);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Empty(_stack.BringUps);
        Assert.Contains(Decisions, d => d.Did.Contains("held by up (pid", StringComparison.Ordinal));

        // … and `up` finishes, having repaired it
        _stack.Findings = [];
        held.Dispose();
        await Until(() => Decisions.Any(d => d.Did.Contains("no longer needs it", StringComparison.Ordinal)), "the look under the lock");

        // then it did not run a second bring-up on top of up's
        Assert.Empty(_stack.BringUps);
        await StopAsync(running);
    }

    public void Dispose()
    {
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
