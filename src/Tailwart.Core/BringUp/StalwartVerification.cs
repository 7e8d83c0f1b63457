using Tailwart.Core.Docker;

namespace Tailwart.Core.BringUp;

/// <summary>
/// The last step: Stalwart is running and not looping (same container, same restart count, over
/// a window watched through Docker's events), logged no DB failure since this start, and its store
/// works: it holds sessions in <c>pg_stat_activity</c> as PostgreSQL itself reports, or (an idle
/// pool may hold none) it served a management-API read from its store. Within a deadline; when the
/// deadline passes, the failure names the piece of evidence still missing.
/// </summary>
internal sealed class StalwartVerification(IStackControl stack, IStalwartSessionProbe sessions, BringUpOptions options, TimeProvider time, BringUpJournal journal, Diagnosis.IStoreReadProbe? store = null)
{
    private const BringUpStep Step = BringUpStep.StalwartVerified;

    /// <summary>The evidence being waited for now, and the last thing seen of it: the deadline's message.</summary>
    private string _missing = "the watch of its restarts had not started";

    public async Task RunAsync(ContainerSnapshot started, CancellationToken deadline, CancellationToken ct)
    {
        journal.Emit(Step, StepStatus.Started, $"watching {started.Name} for {options.StableWindow.TotalSeconds:0} s (restarts, exits), then its logs and pg_stat_activity");
        try
        {
            await NotLoopingAsync(started, deadline).ConfigureAwait(false);
            await NoDbFailureAsync(started, deadline).ConfigureAwait(false);
            string storeEvidence = await StoreWorksAsync(deadline).ConfigureAwait(false);
            journal.Emit(Step, StepStatus.Succeeded, $"{started.Name} running, no restarts in {options.StableWindow.TotalSeconds:0} s, no DB failure line since its start, {storeEvidence}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw journal.Fail(Step, $"Stalwart was not verified within {options.StalwartVerifyDeadline.TotalSeconds:0} s: missing {_missing}");
        }
    }

    private async Task NotLoopingAsync(ContainerSnapshot baseline, CancellationToken deadline)
    {
        using var window = new CancellationTokenSource(options.StableWindow, time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(deadline, window.Token);
        ContainerSnapshot? last = null;
        _missing = $"{options.StableWindow.TotalSeconds:0} s of {baseline.Name} running without a restart (Docker's events did not get through the window)";
        try
        {
            await foreach (var s in stack.WatchAsync(options.StalwartService, both.Token).ConfigureAwait(false))
            {
                last = s;
                if (s.Id != baseline.Id)
                    throw journal.Fail(Step, $"{options.StalwartService} was replaced by a new container ({baseline.ShortId} → {s.ShortId}) during verification");
                if (s.RestartCount > baseline.RestartCount || !s.IsRunning)
                    throw await LoopingAsync(baseline, s).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested && !deadline.IsCancellationRequested)
        {
            // the window passed without a restart or an exit
        }
        if (last is null)
            throw journal.Fail(Step, $"{options.StalwartService} container not found while verifying");
    }

    private async Task<StepFailedException> LoopingAsync(ContainerSnapshot baseline, ContainerSnapshot now)
    {
        string what = now.IsRunning
            ? $"restarted: restart count {baseline.RestartCount} → {now.RestartCount}"
            : $"{now.State} with exit code {now.ExitCode} (restart count {now.RestartCount})";
        string? line = null;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
            line = StalwartLogSignatures.FirstDbFailure(await stack.ReadLogsAsync(now.Id, baseline.StartedAt ?? time.GetUtcNow(), cts.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (e is OperationCanceledException or UserFacingException or IOException)
        {
            // the verdict stands without the log line
        }
        return journal.Fail(Step, $"Stalwart is restart-looping: {now.Name} {what}{(line is null ? "" : $"; its log says: {line}")}");
    }

    private async Task NoDbFailureAsync(ContainerSnapshot started, CancellationToken deadline)
    {
        _missing = $"its log since {started.StartedAt:HH:mm:ss} (docker logs did not answer)";
        var lines = await stack.ReadLogsAsync(started.Id, started.StartedAt ?? time.GetUtcNow(), deadline).ConfigureAwait(false);
        string? line = StalwartLogSignatures.FirstDbFailure(lines);
        if (line is not null)
            throw journal.Fail(Step, $"Stalwart logged a database failure since its start (writes in this window are lost, lesson 1): {line}");
        journal.Emit(Step, StepStatus.Progress, $"no DB failure line in {lines.Count} log line(s) since {started.StartedAt:HH:mm:ss}");
    }

    /// <summary>
    /// Sessions in pg_stat_activity, or else a store read served; the evidence that convinced. Polled
    /// every SessionPollInterval until the step deadline (whose cancellation RunAsync turns into the
    /// failure naming <see cref="_missing"/>).
    /// </summary>
    private Task<string> StoreWorksAsync(CancellationToken deadline)
    {
        string? lastError = null;
        string? storeSeen = null;
        _missing = "a Stalwart session in pg_stat_activity" + (store is null ? "" : " or a management-API read served from its store");
        return Waiting.Wait.UntilAsync<string>(async ct =>
        {
            try
            {
                int count = await sessions.CountAsync(ct).ConfigureAwait(false);
                if (count > 0)
                    return $"{count} Stalwart session(s) in pg_stat_activity";
                lastError = null;
                if (store is not null)
                {
                    var read = await store.ReadAsync(ct).ConfigureAwait(false);
                    if (read.Served == true)
                        return $"no session in pg_stat_activity (an idle pool connects lazily), but {read.Evidence}";
                    if (read.Served == false)
                        throw journal.Fail(Step, $"Stalwart runs without a working store: {read.Evidence}; 0 sessions in pg_stat_activity");
                    if (read.Evidence != storeSeen)
                        journal.Emit(Step, StepStatus.Progress, $"0 sessions in pg_stat_activity; {read.Evidence}");
                    storeSeen = read.Evidence;
                }
                _missing = $"a Stalwart session in pg_stat_activity (0 seen){(storeSeen is null ? "" : $" or a store read served ({storeSeen})")}";
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or UserFacingException or IOException or TimeoutException)
            {
                if (e.Message != lastError)
                    journal.Emit(Step, StepStatus.Progress, $"pg_stat_activity query failed: {e.Message}");
                lastError = e.Message;
                _missing = $"a Stalwart session in pg_stat_activity (the query failed: {e.Message})";
            }
            return null;
        }, options.SessionPollInterval, time, deadline);
    }
}
