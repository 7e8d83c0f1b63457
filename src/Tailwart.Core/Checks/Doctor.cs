using System.Diagnostics;

namespace Tailwart.Core.Checks;

/// <summary>
/// Runs checks concurrently (bounded), each under its own deadline, and never lets one slow or
/// broken check hold the rest: a check past its deadline is reported as such and abandoned
/// (its token is cancelled), an exception becomes a finding. Guarded actions inside checks
/// (probes, the key test) report "skipped: budget" themselves instead of running over budget.
/// </summary>
public static class Doctor
{
    public const int Parallelism = 6;

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<IDoctorCheck> checks, CancellationToken ct = default)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        var tasks = checks.Select(async check =>
        {
            await slots.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return await RunOneAsync(check, ct).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        });
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Filters by --only / --skip (ids or id prefixes such as "certs").</summary>
    public static IEnumerable<IDoctorCheck> Select(IEnumerable<IDoctorCheck> checks, IReadOnlyCollection<string> only, IReadOnlyCollection<string> skip) =>
        checks.Where(c => (only.Count == 0 || only.Any(o => Matches(c.Id, o))) && !skip.Any(s => Matches(c.Id, s)));

    private static bool Matches(string id, string pattern) =>
        id.Equals(pattern, StringComparison.OrdinalIgnoreCase) || id.StartsWith(pattern + ".", StringComparison.OrdinalIgnoreCase);

    private static async Task<CheckResult> RunOneAsync(IDoctorCheck check, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(check.Deadline);
        Task<IReadOnlyList<Finding>> run = Task.Run(() => check.RunAsync(deadline.Token), deadline.Token);
        try
        {
            // WaitAsync bounds the wait even for a check that ignores its token.
            IReadOnlyList<Finding> findings = await run.WaitAsync(check.Deadline, ct).ConfigureAwait(false);
            return new CheckResult(check.Id, check.Title, CheckOutcome.Completed, clock.Elapsed, findings);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            await deadline.CancelAsync().ConfigureAwait(false);
            return new CheckResult(check.Id, check.Title, CheckOutcome.TimedOut, clock.Elapsed,
                [new Finding($"{check.Id}.timeout", Severity.Warning, $"{check.Title}: no answer within {check.Deadline.TotalSeconds:0.#} s", "the check was abandoned at its deadline", null, "Look at the component it checks; run it alone with --only " + check.Id + ".")]);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new CheckResult(check.Id, check.Title, CheckOutcome.Crashed, clock.Elapsed,
                [new Finding($"{check.Id}.error", Severity.Failure, $"{check.Title}: the check failed", e.Message, null, "Run it alone with --only " + check.Id + " -v and see the log file.")]);
        }
    }
}
