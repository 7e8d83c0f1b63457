using Polly;
using Polly.Retry;

namespace Tailwart.Core.BringUp;

/// <summary>
/// The gate's route step (lesson 1): checks from the sidecar's netns until a real login verified
/// and then held (the short hold after a long outage, the full window otherwise, doubled at each
/// flap), under retry with back-off (a definitive answer waits 10 s) around hedging (a stalled
/// check gets company). A deadline ends in GateRefused, never in a release.
/// </summary>
internal sealed class RouteGate(IRouteVerifier route, BringUpOptions options, TimeProvider time, BringUpJournal journal)
{
    private BringUpOptions O => options;

    /// <summary>The last check seen (verified or not), for the result and the refusal's message.</summary>
    public RouteCheck? LastRoute { get; private set; }

    /// <summary>Until a verified login held (its time), or throws the step's failure (GateRefused at the deadline).</summary>
    public async Task<DateTimeOffset> RunAsync(double limitSeconds, CancellationToken token, CancellationToken ct)
    {
        journal.Emit(BringUpStep.RouteVerified, StepStatus.Started, "verifying the Postgres route from the sidecar's netns: name → TCP → PostgreSQL → login");
        var outage = new OutageClock(time, O.RouteLongOutage);
        int attempt = 0;
        bool flapped = false;
        TimeSpan window = O.RouteStableFor; // doubled at each flap (BringUpOptions.RouteStableMax)
        var pipeline = RoutePipeline();
        try
        {
            while (true)
            {
                RouteCheck check = await pipeline.ExecuteAsync(async attemptToken =>
                {
                    Interlocked.Increment(ref attempt);
                    var c = await route.VerifyWatchingAsync(attemptToken).ConfigureAwait(false);
                    outage.Saw(c);
                    LastRoute = c;
                    return c;
                }, token).ConfigureAwait(false);
                if (!check.IsVerified)
                    break; // dry run: one check only
                bool quick = !flapped && outage.CameBackFromLongOutage && O.RouteQuickHold < window;
                TimeSpan hold = quick ? O.RouteQuickHold : window;
                // The hold counts from the moment the watch saw the route answer, where it watched:
                // the route has been seen answering since then, and the login is part of that evidence.
                long? answered = route.AnsweredAt;
                long from = answered ?? time.GetTimestamp();
                var flap = O.DryRun ? null : await ConfirmStableAsync(hold, quick ? O.RouteQuickInterval : O.RouteStableInterval, from, token).ConfigureAwait(false);
                if (flap is null)
                {
                    string since = answered is null ? "" : " since the watch saw it answer";
                    string stable = hold > TimeSpan.Zero && !O.DryRun
                        ? $", and it kept verifying for {hold.TotalSeconds:0.#} s{since}{(quick ? $" (after an outage of {outage.LastOutage.TotalSeconds:0} s without a break: a restore, so the short hold)" : "")}"
                        : "";
                    journal.Emit(BringUpStep.RouteVerified, StepStatus.Succeeded, $"{check.Evidence} (attempt {attempt}{stable})");
                    return time.GetUtcNow();
                }
                LastRoute = flap;
                flapped = true;
                outage.Saw(flap);
                window = TimeSpan.FromTicks(Math.Min(window.Ticks * 2, Math.Max(O.RouteStableMax.Ticks, O.RouteStableFor.Ticks)));
                if (quick)
                    window = O.RouteStableFor; // the first flap after a restore: back to the full window
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
                : $"gate refused: the Postgres route was not verified within {limitSeconds:0} s ({attempt} attempts); last: {lastWhy}. {O.StalwartService} was not started.",
            BringUpOutcome.GateRefused);
    }

    /// <summary>
    /// Retry (exponential, jitter; a definitive answer waits <see cref="BringUpOptions.DefinitiveRetryDelay"/>)
    /// around hedging (a stalled check gets company every <see cref="BringUpOptions.RouteHedgeDelay"/>).
    /// </summary>
    private ResiliencePipeline<RouteCheck> RoutePipeline()
    {
        var builder = new ResiliencePipelineBuilder<RouteCheck> { TimeProvider = time }
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
                DelayGenerator = args => new ValueTask<TimeSpan?>(IsDefinitive(args.Outcome.Result) ? O.DefinitiveRetryDelay : null),
                OnRetry = args =>
                {
                    string why = args.Outcome.Result?.Evidence ?? args.Outcome.Exception?.Message ?? "?";
                    string pace = IsDefinitive(args.Outcome.Result)
                        ? $"a definitive answer, it will not fix itself in milliseconds: next try in {args.RetryDelay.TotalSeconds:0} s (not hammered)"
                        : $"retrying in {args.RetryDelay.TotalMilliseconds:0} ms";
                    journal.Emit(BringUpStep.RouteVerified, StepStatus.Progress, $"attempt {args.AttemptNumber + 1}: {why}; {pace}");
                    return default;
                },
            });
        if (!O.DryRun && O.RouteParallelChecks > 1)
        {
            builder.AddHedging(new Polly.Hedging.HedgingStrategyOptions<RouteCheck>
            {
                // Only a stalled failure (a SYN that met a dropped route) is hedged; a fast answer
                // (refused, rejected login) is the route's verdict for now and goes to the retry.
                ShouldHandle = new PredicateBuilder<RouteCheck>().HandleResult(r => !r.IsVerified && !IsDefinitive(r) && r.Elapsed >= O.RouteStableSlowCheck),
                MaxHedgedAttempts = O.RouteParallelChecks - 1,
                // A check that watches for the route's return makes its own fresh connects: company
                // would only double them, so then a hedge starts only after it failed (fallback mode).
                DelayGenerator = _ => new ValueTask<TimeSpan>(route.WatchesForReturn ? Timeout.InfiniteTimeSpan : O.RouteHedgeDelay),
            });
        }
        return builder.Build();
    }

    private static bool IsDefinitive(RouteCheck? r) => r?.Failure is RouteFailure.LoginRejected or RouteFailure.DatabaseMissing;

    /// <summary>
    /// Checks the route every <paramref name="interval"/> until <paramref name="window"/> has passed
    /// since <paramref name="from"/> (a timestamp), at least once unless the window is zero, the last
    /// check at the window's end rather than up to an interval past it; the first failing check, or
    /// null when it held.
    /// </summary>
    /// <remarks>
    /// Where the confirming checks go to the address the gate just reached (over netns sockets, a few
    /// tens of milliseconds each), one check by the name runs alongside, begun by the verifier when
    /// it saw the route answer (else here), so the name is proven too; the hold ends only when both
    /// the window and that check are over. Its own duration is exec set-up, not the route (the
    /// checks by address carry the slow-check rule), so only its verdict counts: a loaded box must
    /// not read as a flap.
    /// </remarks>
    private async Task<RouteCheck?> ConfirmStableAsync(TimeSpan window, TimeSpan interval, long from, CancellationToken token)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task<RouteCheck>? begun = route.ConfirmsByAddress ? route.NameProof : null;
        Task<RouteCheck>? owned = route.ConfirmsByAddress && begun is null ? route.VerifyAsync(hold.Token) : null;
        Task<RouteCheck>? byName = begun ?? owned;
        try
        {
            for (bool first = window > TimeSpan.Zero; first || time.GetElapsedTime(from) < window; first = false)
            {
                TimeSpan left = window - time.GetElapsedTime(from);
                await Task.Delay(left < interval && left > TimeSpan.Zero ? left : interval, time, token).ConfigureAwait(false);
                var c = await route.ConfirmAsync(token).ConfigureAwait(false);
                if (!c.IsVerified)
                    return c;
                // A check that stalls and then succeeds rode through an outage on TCP retransmits
                // (a flapping route): it proves nothing about the whole window, so it counts as a flap.
                if (c.Elapsed > O.RouteStableSlowCheck)
                    return c with { Failure = RouteFailure.NoAnswer, Evidence = $"a confirming check took {c.Elapsed.TotalSeconds:0.0} s (stalled, then answered): the route is not steady" };
            }
            if (byName is not null && await byName.WaitAsync(token).ConfigureAwait(false) is { IsVerified: false } name)
                return name with { Evidence = $"by the name: {name.Evidence}" };
            return null;
        }
        finally
        {
            if (owned is { IsCompleted: false })
            {
                await hold.CancelAsync().ConfigureAwait(false);
                // a flap ended the hold early: the check by the name is moot, wait for its end (it was cancelled)
                try { await owned.ConfigureAwait(false); } catch (Exception) { }
            }
        }
    }
}
