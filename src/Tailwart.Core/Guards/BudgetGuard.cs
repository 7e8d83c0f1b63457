namespace Tailwart.Core.Guards;

/// <summary>
/// Lets an action run at most once per interval per key, across processes and restarts, and
/// refuses at once otherwise (lesson 3: don't rapid-poll the mail ports; probing re-arms bans).
/// Two layers: an in-process set of keys in flight stops a second caller while the first runs;
/// the persisted <see cref="ActionLedger"/> holds the time budget for every process on the box.
/// An action may hold several keys (a sweep holds one per port it touches); it gets all or none.
/// Nothing here retries.
/// </summary>
/// <remarks>
/// Why not Polly's concurrency limiter any more: it limits one key per pipeline, and a sweep must
/// take several keys atomically; a lock around a set does that in a few lines.
/// </remarks>
public sealed class BudgetGuard(ActionLedger ledger, TimeSpan interval)
{
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);

    public TimeSpan Interval { get; } = interval;

    /// <summary>Runs <paramref name="action"/> if the budget allows, else throws <see cref="GuardRefusedException"/>.</summary>
    public Task<T> RunAsync<T>(string key, string what, Func<CancellationToken, Task<T>> action, CancellationToken ct = default) =>
        RunAsync([key], what, action, ct);

    /// <summary>Runs <paramref name="action"/> if every key's budget allows (taking them all), else throws <see cref="GuardRefusedException"/>.</summary>
    public async Task<T> RunAsync<T>(IReadOnlyCollection<string> keys, string what, Func<CancellationToken, Task<T>> action, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_inFlight)
        {
            if (keys.Any(_inFlight.Contains))
                throw new GuardRefusedException(what, "the same one is already running in this tailwart", NextAllowed(keys));
            _inFlight.UnionWith(keys);
        }
        try
        {
            LedgerDecision decision = ledger.TryTakeAll(keys, Interval);
            if (!decision.Granted)
                throw new GuardRefusedException(what, $"the budget is one per {Interval.TotalSeconds:0} s and the last one ran at {decision.LastAt!.Value.ToUniversalTime():HH:mm:ss}Z", decision.NextAllowedAt);
            return await action(ct).ConfigureAwait(false);
        }
        finally
        {
            lock (_inFlight)
                _inFlight.ExceptWith(keys);
        }
    }

    /// <summary>When <paramref name="key"/> may next run (for "skipped: budget, next at …").</summary>
    public DateTimeOffset NextAllowed(string key) => ledger.NextAllowed(key, Interval);

    /// <summary>When <paramref name="key"/> may next run if the budget would refuse it now; null when it may run.</summary>
    public DateTimeOffset? RefusedUntil(string key) => ledger.RefusedUntil(key, Interval);

    private DateTimeOffset NextAllowed(IEnumerable<string> keys) => keys.Max(k => ledger.NextAllowed(k, Interval));
}
