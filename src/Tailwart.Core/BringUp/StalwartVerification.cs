using Tailwart.Core.Docker;

namespace Tailwart.Core.BringUp;

/// <summary>
/// The last step: Stalwart is running and not looping (same container, same restart count, over
/// a window watched through Docker's events), logged no DB failure since this start, and holds
/// sessions in <c>pg_stat_activity</c> as PostgreSQL itself reports, within a deadline.
/// </summary>
internal sealed class StalwartVerification(IStackControl stack, IStalwartSessionProbe sessions, BringUpOptions options, TimeProvider time, BringUpJournal journal)
{
    private const BringUpStep Step = BringUpStep.StalwartVerified;

    public async Task RunAsync(ContainerSnapshot started, CancellationToken deadline, CancellationToken ct)
    {
        journal.Emit(Step, StepStatus.Started, $"watching {started.Name} for {options.StableWindow.TotalSeconds:0} s (restarts, exits), then its logs and pg_stat_activity");
        try
        {
            await NotLoopingAsync(started, deadline).ConfigureAwait(false);
            await NoDbFailureAsync(started, deadline).ConfigureAwait(false);
            int count = await SessionsAsync(deadline).ConfigureAwait(false);
            journal.Emit(Step, StepStatus.Succeeded, $"{started.Name} running, no restarts in {options.StableWindow.TotalSeconds:0} s, no DB failure line since its start, {count} Stalwart session(s) in pg_stat_activity");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw journal.Fail(Step, $"Stalwart was not verified within {options.StalwartVerifyDeadline.TotalSeconds:0} s");
        }
    }

    private async Task NotLoopingAsync(ContainerSnapshot baseline, CancellationToken deadline)
    {
        using var window = new CancellationTokenSource(options.StableWindow, time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(deadline, window.Token);
        ContainerSnapshot? last = null;
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
        var lines = await stack.ReadLogsAsync(started.Id, started.StartedAt ?? time.GetUtcNow(), deadline).ConfigureAwait(false);
        string? line = StalwartLogSignatures.FirstDbFailure(lines);
        if (line is not null)
            throw journal.Fail(Step, $"Stalwart logged a database failure since its start (writes in this window are lost, lesson 1): {line}");
        journal.Emit(Step, StepStatus.Progress, $"no DB failure line in {lines.Count} log line(s) since {started.StartedAt:HH:mm:ss}");
    }

    private async Task<int> SessionsAsync(CancellationToken deadline)
    {
        string? lastError = null;
        while (true)
        {
            try
            {
                int count = await sessions.CountAsync(deadline).ConfigureAwait(false);
                if (count > 0)
                    return count;
                lastError = null;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or UserFacingException or IOException or TimeoutException)
            {
                if (e.Message != lastError)
                    journal.Emit(Step, StepStatus.Progress, $"pg_stat_activity query failed: {e.Message}");
                lastError = e.Message;
            }
            try
            {
                await Task.Delay(options.SessionPollInterval, time, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw journal.Fail(Step, $"no Stalwart session in pg_stat_activity within {options.StalwartVerifyDeadline.TotalSeconds:0} s{(lastError is null ? "" : $" (last query error: {lastError})")}");
            }
        }
    }
}
