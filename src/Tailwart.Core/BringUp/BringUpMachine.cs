using System.Globalization;
using Polly;
using Polly.Retry;
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
            await RouteVerifiedAsync(ct).ConfigureAwait(false);
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
            await new StalwartVerification(m._stack, m._sessions, O, m._time, journal).RunAsync(stalwart, StepToken(O.StalwartVerifyDeadline, ct), ct).ConfigureAwait(false);
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
                    if (s.IsRunning && (s.IsHealthy || s.Health == "none"))
                    {
                        string evidence = s.Health == "none"
                            ? $"{s.Name} is running and has no healthcheck (nothing more to wait for; the route check is the real gate)"
                            : $"Docker reports {s.Name} healthy";
                        journal.Emit(BringUpStep.SidecarHealthy, first ? StepStatus.Skipped : StepStatus.Succeeded, evidence);
                        return;
                    }
                    if (s.State is "exited" or "dead")
                        throw journal.Fail(BringUpStep.SidecarHealthy, $"{s.Name} {s.State} with exit code {s.ExitCode} while waiting for it to become healthy: see `docker logs {s.Name}`");
                    string now = $"{s.Name}: {s.State}, health {s.Health}";
                    if (first)
                        journal.Emit(BringUpStep.SidecarHealthy, StepStatus.Started, $"waiting for Docker to report {s.Name} healthy ({now})");
                    else if (now != last)
                        journal.Emit(BringUpStep.SidecarHealthy, StepStatus.Progress, now);
                    first = false;
                    last = now;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && token.IsCancellationRequested)
            {
            }
            throw journal.Fail(BringUpStep.SidecarHealthy, $"sidecar never became healthy within {Limit(O.SidecarHealthyDeadline):0} s (last seen: {last ?? "no container"})");
        }

        private async Task RouteVerifiedAsync(CancellationToken ct)
        {
            journal.Emit(BringUpStep.RouteVerified, StepStatus.Started, "verifying the Postgres route from the sidecar's netns: name → TCP → PostgreSQL → login");
            var token = StepToken(O.RouteDeadline, ct);
            int attempt = 0;
            TimeSpan window = O.RouteStableFor; // doubled at each flap (BringUpOptions.RouteStableMax)
            var pipeline = new ResiliencePipelineBuilder<RouteCheck> { TimeProvider = m._time }
                .AddRetry(new RetryStrategyOptions<RouteCheck>
                {
                    // Every route failure may be transient during a bring-up (a tailnet coming up), so
                    // all are retried until the deadline; each attempt's failure is still reported by
                    // name, and the deadline ends in GateRefused, never in a release.
                    ShouldHandle = new PredicateBuilder<RouteCheck>().HandleResult(r => !r.IsVerified).Handle<UserFacingException>().Handle<IOException>().Handle<HttpRequestException>(),
                    MaxRetryAttempts = O.DryRun ? 0 : int.MaxValue,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = O.RetryBaseDelay,
                    MaxDelay = O.RetryMaxDelay,
                    OnRetry = args =>
                    {
                        string why = args.Outcome.Result?.Evidence ?? args.Outcome.Exception?.Message ?? "?";
                        journal.Emit(BringUpStep.RouteVerified, StepStatus.Progress, $"attempt {args.AttemptNumber + 1}: {why}; retrying in {args.RetryDelay.TotalMilliseconds:0} ms");
                        return default;
                    },
                })
                .Build();
            try
            {
                while (true)
                {
                    RouteCheck check = await pipeline.ExecuteAsync(async attemptToken =>
                    {
                        attempt++;
                        var c = await m._route.VerifyAsync(attemptToken).ConfigureAwait(false);
                        LastRoute = c;
                        return c;
                    }, token).ConfigureAwait(false);
                    if (!check.IsVerified)
                        break; // dry run: one check only
                    var flap = O.DryRun ? null : await ConfirmStableAsync(window, token).ConfigureAwait(false);
                    if (flap is null)
                    {
                        RouteVerifiedAt = m._time.GetUtcNow();
                        string stable = window > TimeSpan.Zero && !O.DryRun ? $", and it kept verifying for {window.TotalSeconds:0.#} s" : "";
                        journal.Emit(BringUpStep.RouteVerified, StepStatus.Succeeded, $"{check.Evidence} (attempt {attempt}{stable})");
                        return;
                    }
                    LastRoute = flap;
                    window = TimeSpan.FromTicks(Math.Min(window.Ticks * 2, Math.Max(O.RouteStableMax.Ticks, O.RouteStableFor.Ticks)));
                    journal.Emit(BringUpStep.RouteVerified, StepStatus.Progress, $"route flapped after a verified login: {flap.Evidence}; starting over, and it must now hold for {window.TotalSeconds:0.#} s");
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && token.IsCancellationRequested)
            {
            }
            string lastWhy = LastRoute?.Evidence ?? "no check completed";
            throw journal.Fail(BringUpStep.RouteVerified,
                O.DryRun
                    ? $"the gate would refuse now: {lastWhy}"
                    : $"gate refused: the Postgres route was not verified within {Limit(O.RouteDeadline):0} s ({attempt} attempts); last: {lastWhy}. {O.StalwartService} was not started.",
                BringUpOutcome.GateRefused);
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
                StalwartStartedAt = stalwart.StartedAt;
                journal.Emit(BringUpStep.StalwartStarted, StepStatus.Skipped, $"{stalwart.Name} already running since {stalwart.StartedAt:HH:mm:ss} (verifying it next)");
                return stalwart;
            }
            journal.Emit(BringUpStep.StalwartStarted, StepStatus.Started, $"route verified: starting {stalwart.Name}");
            await m._stack.StartAsync(stalwart.Id, token).ConfigureAwait(false);
            return await StartedAsync(stalwart, token).ConfigureAwait(false);
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

        private async Task<ContainerSnapshot> StartedAsync(ContainerSnapshot before, CancellationToken token)
        {
            var started = (await m._stack.DiscoverAsync(token).ConfigureAwait(false)).Find(O.StalwartService) ?? before;
            StalwartStartedAt = started.StartedAt ?? m._time.GetUtcNow();
            journal.Emit(BringUpStep.StalwartStarted, StepStatus.Succeeded, $"docker started {started.Name} ({started.ShortId}) at {StalwartStartedAt:HH:mm:ss.fff}");
            return started;
        }

        /// <summary>Checks the route back to back for <paramref name="window"/>; the first failing check, or null when it held.</summary>
        private async Task<RouteCheck?> ConfirmStableAsync(TimeSpan window, CancellationToken token)
        {
            long start = m._time.GetTimestamp();
            while (m._time.GetElapsedTime(start) < window)
            {
                await Task.Delay(O.RouteStableInterval, m._time, token).ConfigureAwait(false);
                var c = await m._route.VerifyAsync(token).ConfigureAwait(false);
                if (!c.IsVerified)
                    return c;
                // A check that stalls and then succeeds rode through an outage on TCP retransmits
                // (a flapping route): it proves nothing about the whole window, so it counts as a flap.
                if (c.Elapsed > O.RouteStableSlowCheck)
                    return c with { Failure = RouteFailure.NoAnswer, Evidence = $"a confirming check took {c.Elapsed.TotalSeconds:0.0} s (stalled, then answered): the route is not steady" };
            }
            return null;
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
