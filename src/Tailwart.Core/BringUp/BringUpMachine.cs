using System.Globalization;
using Tailwart.Core.Docker;

namespace Tailwart.Core.BringUp;

/// <summary>
/// The gated bring-up (lesson 1) as an explicit state machine: discover → sidecar started →
/// sidecar healthy → route verified → Stalwart started → Stalwart verified. Each step emits
/// events with its evidence, has a deadline, and first looks at the stack, so a re-run after an
/// interruption resumes wherever the stack is. Stalwart is started only after
/// <see cref="IRouteVerifier"/> proved a real login; a deadline never opens the gate.
/// </summary>
internal sealed class BringUpMachine(
    IStackControl stack,
    IRouteVerifier route,
    IStalwartSessionProbe sessions,
    BringUpOptions options,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly IStackControl _stack = stack;
    private readonly IRouteVerifier _route = route;
    private readonly IStalwartSessionProbe _sessions = sessions;
    private readonly BringUpOptions _options = options;

    /// <summary>The management-API read Stalwart serves from its store: proof for an idle Stalwart that holds no session (null: sessions only).</summary>
    public Diagnosis.IStoreReadProbe? Store { get; init; }

    /// <summary>Runs (or resumes) the bring-up. Cancellation (Ctrl-C) propagates as <see cref="OperationCanceledException"/>.</summary>
    public async Task<BringUpResult> RunAsync(IProgress<BringUpEvent>? progress = null, CancellationToken ct = default)
    {
        var journal = new BringUpJournal(progress, _time);
        using var overall = _options.Overall is { } o ? new CancellationTokenSource(o, _time) : new CancellationTokenSource();
        using var run = new Run(this, journal, overall.Token);
        try
        {
            return await run.ExecuteAsync(ct).ConfigureAwait(false);
        }
        catch (StepFailedException e)
        {
            return new BringUpResult(e.Outcome, e.Step, e.Message, journal.Events, run.LastRoute, run.RouteVerifiedAt, run.StalwartStartedAt);
        }
    }

    /// <summary>One bring-up's mutable progress; the machine itself stays reusable.</summary>
    private sealed class Run(BringUpMachine m, BringUpJournal journal, CancellationToken overall) : IDisposable
    {
        private readonly List<CancellationTokenSource> _owned = [];
        private BringUpOptions O => m._options;

        public RouteCheck? LastRoute { get; private set; }
        public DateTimeOffset? RouteVerifiedAt { get; private set; }
        public DateTimeOffset? StalwartStartedAt { get; private set; }

        public async Task<BringUpResult> ExecuteAsync(CancellationToken ct)
        {
            StackSnapshot stack = await DiscoverAsync(ct).ConfigureAwait(false);
            ContainerSnapshot sidecar = stack.Find(O.SidecarService)!;
            bool sidecarRunning = await SidecarStartedAsync(sidecar, ct).ConfigureAwait(false);
            if (O.DryRun && !sidecarRunning)
            {
                journal.Emit(BringUpStep.SidecarHealthy, StepStatus.WouldRun, $"would wait (≤ {O.SidecarHealthyDeadline.TotalSeconds:0} s) for Docker to report {O.SidecarService} healthy");
                journal.Emit(BringUpStep.RouteVerified, StepStatus.WouldRun, "would verify the Postgres route from the sidecar's netns (name → TCP → login), retrying until the deadline");
                journal.Emit(BringUpStep.StalwartStarted, StepStatus.WouldRun, $"would start {O.StalwartService} only after a verified login");
                EdgeWouldStart();
                return Done(BringUpOutcome.DryRun, "dry run: nothing was changed");
            }
            await SidecarHealthyAsync(ct).ConfigureAwait(false);
            Task staleStop = O.DryRun ? Task.CompletedTask : StopStaleStalwartAsync(ct);
            try
            {
                await RouteVerifiedAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                await staleStop.ConfigureAwait(false); // never faults but for cancellation: the step below handles a Stalwart still running
            }
            if (O.DryRun)
            {
                var s = stack.Find(O.StalwartService);
                journal.Emit(BringUpStep.StalwartStarted, s is { IsRunning: true } ? StepStatus.Skipped : StepStatus.WouldRun,
                    s is null ? $"would create {O.StalwartService} in the sidecar's netns and start it"
                    : s.IsRunning ? $"{O.StalwartService} already running" : $"would start {O.StalwartService} ({s.ShortId})");
                EdgeWouldStart();
                return Done(BringUpOutcome.DryRun, "dry run: the gate would release; nothing was changed");
            }
            ContainerSnapshot stalwart = await StalwartStartedAsync(ct).ConfigureAwait(false);
            await new StalwartVerification(m._stack, m._sessions, O, m._time, journal, m.Store).RunAsync(stalwart, StepToken(O.StalwartVerifyDeadline, ct), ct).ConfigureAwait(false);
            await EdgeStartedAsync(ct).ConfigureAwait(false);
            return Done(BringUpOutcome.Verified, "released after a verified PostgreSQL login; Stalwart verified");
        }

        private void EdgeWouldStart()
        {
            if (O.EdgeService is { } edge)
                journal.Emit(BringUpStep.EdgeStarted, StepStatus.WouldRun, $"would start the edge {edge} once Stalwart is verified");
        }

        private BringUpResult Done(BringUpOutcome outcome, string message) =>
            new(outcome, null, message, journal.Events, LastRoute, RouteVerifiedAt, StalwartStartedAt);

        private async Task<StackSnapshot> DiscoverAsync(CancellationToken ct)
        {
            journal.Emit(BringUpStep.Discover, StepStatus.Started, "finding the compose project's containers by their labels");
            StackSnapshot stack = await m._stack.DiscoverAsync(ct).ConfigureAwait(false);
            // Stalwart is created later, once the sidecar runs (ComposeCli.CreateAsync explains why)
            var missing = O.RequiredServices.Where(s => s != O.StalwartService && stack.Find(s) is null).ToList();
            if (missing.Count > 0)
            {
                if (O.DryRun)
                {
                    journal.Emit(BringUpStep.Discover, StepStatus.WouldRun, $"no container for {string.Join(", ", missing)} in project {stack.Project}: would create it (compose up --no-start --no-deps)");
                    throw new StepFailedException(BringUpStep.Discover, BringUpOutcome.DryRun, "dry run: containers missing; nothing was changed");
                }
                journal.Emit(BringUpStep.Discover, StepStatus.Progress, $"no container for {string.Join(", ", missing)} in project {stack.Project}: creating it (compose up --no-start --no-deps)");
                await m._stack.CreateAsync(missing, recreate: false, ct).ConfigureAwait(false);
                stack = await m._stack.DiscoverAsync(ct).ConfigureAwait(false);
                var still = missing.Where(s => stack.Find(s) is null).ToList();
                if (still.Count > 0)
                    throw journal.Fail(BringUpStep.Discover, $"configured service(s) {string.Join(", ", still)} not found in compose project {stack.Project}, even after compose created its containers: check services.* in tailwart.json against the compose file");
            }
            journal.Emit(BringUpStep.Discover, StepStatus.Succeeded,
                string.Join("; ", O.RequiredServices.Select(s => stack.Find(s) is { } c ? Describe(c) : $"{s}: no container yet (created once the sidecar runs)")));
            return stack;
        }

        private async Task<bool> SidecarStartedAsync(ContainerSnapshot sidecar, CancellationToken ct)
        {
            if (sidecar.IsRunning)
            {
                journal.Emit(BringUpStep.SidecarStarted, StepStatus.Skipped, $"{sidecar.Name} already running since {sidecar.StartedAt:HH:mm:ss}");
                return true;
            }
            if (O.DryRun)
            {
                journal.Emit(BringUpStep.SidecarStarted, StepStatus.WouldRun, $"would start {sidecar.Name} ({sidecar.State})");
                return false;
            }
            journal.Emit(BringUpStep.SidecarStarted, StepStatus.Started, $"starting {sidecar.Name}");
            var token = StepToken(O.SidecarStartDeadline, ct);
            await m._stack.StartAsync(sidecar.Id, token).ConfigureAwait(false);
            journal.Emit(BringUpStep.SidecarStarted, StepStatus.Succeeded, $"docker started {sidecar.Name} ({sidecar.ShortId})");
            return true;
        }

        private async Task SidecarHealthyAsync(CancellationToken ct)
        {
            var token = StepToken(O.SidecarHealthyDeadline, ct);
            bool first = true;
            string? last = null;
            try
            {
                // Driven by Docker's event stream (health_status, die…), not a polling loop.
                await foreach (var s in m._stack.WatchAsync(O.SidecarService, token).ConfigureAwait(false))
                {
                    if (s.IsRunning && (s.IsHealthy || s.Health == "none" || !O.WaitForSidecarHealth))
                    {
                        string evidence = s.Health == "none"
                            ? $"{s.Name} is running and has no healthcheck (nothing more to wait for; the route check is the real gate)"
                            : s.IsHealthy ? $"Docker reports {s.Name} healthy"
                            : $"{s.Name} is running; Docker's health: {s.Health} (evidence only: the route check next, a real login from its netns, is the stronger gate)";
                        journal.Emit(BringUpStep.SidecarHealthy, first ? StepStatus.Skipped : StepStatus.Succeeded, evidence);
                        return;
                    }
                    if (s.State is "exited" or "dead")
                        throw journal.Fail(BringUpStep.SidecarHealthy, $"{s.Name} {s.State} with exit code {s.ExitCode} while waiting for it {(O.WaitForSidecarHealth ? "to become healthy" : "to run")}: see `docker logs {s.Name}`");
                    string now = $"{s.Name}: {s.State}, health {s.Health}";
                    if (first)
                        journal.Emit(BringUpStep.SidecarHealthy, StepStatus.Started, O.WaitForSidecarHealth ? $"waiting for Docker to report {s.Name} healthy ({now})" : $"waiting for {s.Name} to run ({now})");
                    else if (now != last)
                        journal.Emit(BringUpStep.SidecarHealthy, StepStatus.Progress, now);
                    first = false;
                    last = now;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && token.IsCancellationRequested)
            {
            }
            throw journal.Fail(BringUpStep.SidecarHealthy, $"sidecar never became {(O.WaitForSidecarHealth ? "healthy" : "running")} within {Limit(O.SidecarHealthyDeadline):0} s (last seen: {last ?? "no container"})");
        }

        private async Task RouteVerifiedAsync(CancellationToken ct)
        {
            var gate = new RouteGate(m._route, O, m._time, journal);
            try
            {
                RouteVerifiedAt = await gate.RunAsync(Limit(O.RouteDeadline), StepToken(O.RouteDeadline, ct), ct).ConfigureAwait(false);
            }
            finally
            {
                LastRoute = gate.LastRoute;
            }
        }

        private async Task<ContainerSnapshot> StalwartStartedAsync(CancellationToken ct)
        {
            var token = StepToken(O.StalwartStartDeadline, ct);
            var stack = await m._stack.DiscoverAsync(token).ConfigureAwait(false);
            var sidecar = stack.Find(O.SidecarService) ?? throw journal.Fail(BringUpStep.StalwartStarted, $"the {O.SidecarService} container disappeared");
            var stalwart = stack.Find(O.StalwartService);
            string? recreate = stalwart is null ? $"no {O.StalwartService} container: creating it in the sidecar's netns"
                : StaleNetns.CreatedForOtherSidecar(stalwart, sidecar);
            if (recreate is not null || stalwart is null)
            {
                journal.Emit(BringUpStep.StalwartStarted, StepStatus.Progress, recreate ?? "");
                await m._stack.CreateAsync([O.StalwartService], recreate: stalwart is not null, token).ConfigureAwait(false);
                stalwart = (await m._stack.DiscoverAsync(token).ConfigureAwait(false)).Find(O.StalwartService)
                    ?? throw journal.Fail(BringUpStep.StalwartStarted, $"compose did not create a {O.StalwartService} container");
            }
            if (stalwart.IsRunning)
            {
                if (StaleNetns.SidecarRestartedSince(stalwart, sidecar) is { } stale)
                {
                    // Docker cannot move a running container into the sidecar's new netns: restart it (the route is verified)
                    journal.Emit(BringUpStep.StalwartStarted, StepStatus.Progress, $"{stale}: restarting {stalwart.Name}");
                    await m._stack.RestartAsync(stalwart.Id, token).ConfigureAwait(false);
                    return await StartedAsync(stalwart, token).ConfigureAwait(false);
                }
                if (await StartedIntoTheRaceAsync(stalwart, token).ConfigureAwait(false) is { } race)
                {
                    // the same finding the diagnosis reports (stack.stalwart-race / stack.store-broken), repaired through the gate
                    journal.Emit(BringUpStep.StalwartStarted, StepStatus.Progress, $"{race}; the route is verified now: restarting {stalwart.Name} through the gate");
                    await m._stack.RestartAsync(stalwart.Id, token).ConfigureAwait(false);
                    return await StartedAsync(stalwart, token).ConfigureAwait(false);
                }
                StalwartStartedAt = stalwart.StartedAt;
                journal.Emit(BringUpStep.StalwartStarted, StepStatus.Skipped, $"{stalwart.Name} already running since {stalwart.StartedAt:HH:mm:ss} (verifying it next)");
                return stalwart;
            }
            journal.Emit(BringUpStep.StalwartStarted, StepStatus.Started, $"route verified: starting {stalwart.Name}");
            await m._stack.StartAsync(stalwart.Id, token).ConfigureAwait(false);
            return await StartedAsync(stalwart, token).ConfigureAwait(false);
        }

        /// <summary>
        /// Stops a running Stalwart whose netns is stale (the sidecar restarted or was recreated since
        /// it started) while the gate verifies the route: it has no network, so stopping it early
        /// loses nothing and takes Docker's stop off the repair's path. It is started again (or
        /// recreated) only after the route verified, by the step below; if the stop fails, that
        /// step restarts it as before.
        /// </summary>
        private async Task StopStaleStalwartAsync(CancellationToken ct)
        {
            var token = StepToken(O.StalwartStartDeadline, ct);
            try
            {
                var stack = await m._stack.DiscoverAsync(token).ConfigureAwait(false);
                if (stack.Find(O.StalwartService) is not { IsRunning: true } stalwart || stack.Find(O.SidecarService) is not { IsRunning: true } sidecar)
                    return;
                if ((StaleNetns.CreatedForOtherSidecar(stalwart, sidecar) ?? StaleNetns.SidecarRestartedSince(stalwart, sidecar)) is not { } stale)
                    return;
                journal.Emit(BringUpStep.StalwartStarted, StepStatus.Progress,
                    $"{stale}: stopping {stalwart.Name} now, while the route is verified (it has no network; SIGKILL after {O.StaleNetnsStopGrace.TotalSeconds:0} s); it starts again only after the gate");
                await m._stack.StopAsync(stalwart.Id, O.StaleNetnsStopGrace, token).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is UserFacingException or IOException or HttpRequestException or TimeoutException or OperationCanceledException or global::Docker.DotNet.DockerApiException)
            {
                journal.Emit(BringUpStep.StalwartStarted, StepStatus.Progress, $"could not stop the stale {O.StalwartService} early ({e.Message}): it is restarted after the gate instead");
            }
        }

        /// <summary>
        /// The edge relay last, once Stalwart is verified: the world then never reaches a Stalwart
        /// that is still coming up (and whose failed handshakes could re-arm bans, lesson 3).
        /// </summary>
        private async Task EdgeStartedAsync(CancellationToken ct)
        {
            if (O.EdgeService is not { } service)
                return;
            var token = StepToken(O.EdgeStartDeadline, ct);
            var edge = (await m._stack.DiscoverAsync(token).ConfigureAwait(false)).Find(service);
            if (edge is null)
            {
                journal.Emit(BringUpStep.EdgeStarted, StepStatus.Progress, $"no {service} container: creating it (compose up --no-start --no-deps)");
                await m._stack.CreateAsync([service], recreate: false, token).ConfigureAwait(false);
                edge = (await m._stack.DiscoverAsync(token).ConfigureAwait(false)).Find(service)
                    ?? throw journal.Fail(BringUpStep.EdgeStarted, $"compose did not create a {service} container: check services.edge in tailwart.json against the compose file");
            }
            if (edge.IsRunning)
            {
                journal.Emit(BringUpStep.EdgeStarted, StepStatus.Skipped, $"{edge.Name} already running since {edge.StartedAt:HH:mm:ss}");
                return;
            }
            journal.Emit(BringUpStep.EdgeStarted, StepStatus.Started, $"Stalwart verified: starting the edge {edge.Name}");
            await m._stack.StartAsync(edge.Id, token).ConfigureAwait(false);
            var now = (await m._stack.DiscoverAsync(token).ConfigureAwait(false)).Find(service);
            if (now is not { IsRunning: true })
                throw journal.Fail(BringUpStep.EdgeStarted, $"{edge.Name} did not stay up ({now?.State ?? "gone"}, exit code {now?.ExitCode}): see `docker logs {edge.Name}`");
            journal.Emit(BringUpStep.EdgeStarted, StepStatus.Succeeded, $"docker started {now.Name} ({now.ShortId})");
        }

        /// <summary>
        /// Why a running Stalwart must be restarted although its netns is current: its log since this
        /// start has a store failure (it started into the race), or its store failed a read. Null: fine.
        /// </summary>
        private async Task<string?> StartedIntoTheRaceAsync(ContainerSnapshot stalwart, CancellationToken token)
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(token);
            bound.CancelAfter(TimeSpan.FromSeconds(8));
            try
            {
                var lines = await m._stack.ReadLogsAsync(stalwart.Id, stalwart.StartedAt ?? m._time.GetUtcNow(), bound.Token).ConfigureAwait(false);
                if (StalwartLogSignatures.FirstDbFailure(lines) is { } line)
                    return $"{stalwart.Name} started into the race: its log since {stalwart.StartedAt:HH:mm:ss} says {line}";
                if (m.Store is { } store && await m._sessions.CountAsync(bound.Token).ConfigureAwait(false) == 0
                    && await store.ReadAsync(bound.Token).ConfigureAwait(false) is { Served: false } read)
                    return $"{stalwart.Name} runs without a working store: {read.Evidence}";
            }
            catch (Exception e) when (e is OperationCanceledException or UserFacingException or IOException or Npgsql.NpgsqlException or TimeoutException)
            {
                token.ThrowIfCancellationRequested();
                // not decided here: the verification below still checks the log and the store
            }
            return null;
        }

        private async Task<ContainerSnapshot> StartedAsync(ContainerSnapshot before, CancellationToken token)
        {
            var started = (await m._stack.DiscoverAsync(token).ConfigureAwait(false)).Find(O.StalwartService) ?? before;
            StalwartStartedAt = started.StartedAt ?? m._time.GetUtcNow();
            journal.Emit(BringUpStep.StalwartStarted, StepStatus.Succeeded, $"docker started {started.Name} ({started.ShortId}) at {StalwartStartedAt:HH:mm:ss.fff}");
            return started;
        }

        /// <summary>A token for one step: its own deadline (on the injected clock), capped by the overall one, and the caller's cancellation.</summary>
        private CancellationToken StepToken(TimeSpan deadline, CancellationToken ct)
        {
            var timed = new CancellationTokenSource(deadline, m._time);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, overall, timed.Token);
            _owned.Add(timed);
            _owned.Add(linked);
            return linked.Token;
        }

        public void Dispose()
        {
            foreach (var cts in _owned)
                cts.Dispose();
        }

        private double Limit(TimeSpan stepDeadline) =>
            O.Overall is { } o && o < stepDeadline ? o.TotalSeconds : stepDeadline.TotalSeconds;

        private static string Describe(ContainerSnapshot c) =>
            string.Create(CultureInfo.InvariantCulture, $"{c.Service}: {c.Name} {c.State}{(c.Health != "none" ? ", " + c.Health : "")}, restarts {c.RestartCount}");
    }
}
