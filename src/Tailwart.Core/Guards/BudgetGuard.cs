using System.Collections.Concurrent;
using Polly;
using Polly.RateLimiting;

namespace Tailwart.Core.Guards;

/// <summary>
/// Lets an action run at most once per interval per key, across processes and restarts, and
/// refuses at once otherwise (lesson 3: don't rapid-poll the mail ports; probing re-arms bans).
/// Two layers: Polly's rate limiter (a concurrency limiter of one permit and no queue) stops a
/// second in-process caller while the first is in flight; the persisted <see cref="ActionLedger"/>
/// holds the time budget for every process on the box. Nothing here retries.
/// </summary>
public sealed class BudgetGuard(ActionLedger ledger, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _inFlight = new(StringComparer.Ordinal);

    public TimeSpan Interval { get; } = interval;

    /// <summary>Runs <paramref name="action"/> if the budget allows, else throws <see cref="GuardRefusedException"/>.</summary>
    public async Task<T> RunAsync<T>(string key, string what, Func<CancellationToken, Task<T>> action, CancellationToken ct = default)
    {
        ResiliencePipeline pipeline = _inFlight.GetOrAdd(key, _ => new ResiliencePipelineBuilder().AddConcurrencyLimiter(permitLimit: 1, queueLimit: 0).Build());
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                LedgerDecision decision = ledger.TryTake(key, Interval);
                if (!decision.Granted)
                    throw new GuardRefusedException(what, $"the budget is one per {Interval.TotalSeconds:0} s and the last one ran at {decision.LastAt!.Value.ToUniversalTime():HH:mm:ss}Z", decision.NextAllowedAt);
                return await action(token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (RateLimiterRejectedException)
        {
            throw new GuardRefusedException(what, "the same one is already running in this tailwart", ledger.NextAllowed(key, Interval));
        }
    }

    /// <summary>When <paramref name="key"/> may next run (for "skipped: budget, next at …").</summary>
    public DateTimeOffset NextAllowed(string key) => ledger.NextAllowed(key, Interval);

    /// <summary>When <paramref name="key"/> may next run if the budget would refuse it now; null when it may run.</summary>
    public DateTimeOffset? RefusedUntil(string key) => ledger.RefusedUntil(key, Interval);
}
