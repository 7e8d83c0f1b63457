using Tailwart.Core.Docker;
using Tailwart.Core.Logs;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Diagnosis;

/// <summary>
/// Tells a broken store from an idle pool (an idle Stalwart may hold no session in
/// pg_stat_activity, its pool reconnects lazily): an authenticated read of the block list, which
/// Stalwart serves from its data store (0.15 <c>server.blocked-ip.*</c> settings, 0.16
/// <c>x:BlockedIp</c> registry objects), then Stalwart's log since just before the read. A store
/// that failed the read answers with an error or logs <c>store.postgresql-error</c> /
/// <c>store.pool-error</c> for it (Stalwart v0.16.18 crates/store/src/backend/postgres/mod.rs: every
/// query error becomes that event), even where the API still answers 200 with an empty list.
/// A read that hangs is the other face of a cut store: Stalwart's PostgreSQL pool has no connect or wait timeout
/// unless <c>store.*.timeout</c> is set (v0.15.5 crates/store/src/backend/postgres/main.rs: <c>connect_timeout</c> is
/// that property or none), so a query over a dead route waits on TCP. It is told apart from a hung API by
/// <paramref name="answersLive"/>, asked at the same time (no extra wait): when Stalwart answers a request it
/// serves without its store while the store read hangs, the store is what hangs.
/// </summary>
/// <param name="read">The authenticated read; returns what it read, e.g. "block list: 3 entries via admin-url".</param>
/// <param name="answersLive">Whether Stalwart answers <c>/healthz/live</c>; null: not asked (a hung read stays "unknown").</param>
internal sealed class StalwartStoreRead(Func<CancellationToken, Task<string>> read, IStackControl stack, string stalwartService, TimeProvider? time = null,
    Func<CancellationToken, Task<bool>>? answersLive = null) : IStoreReadProbe
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<StoreRead> ReadAsync(CancellationToken ct = default)
    {
        // Docker's log timestamps and ours may differ by clock granularity: look back a little.
        DateTimeOffset since = _time.GetUtcNow() - TimeSpan.FromSeconds(1);
        using var liveCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<bool>? live = answersLive?.Invoke(liveCts.Token);
        string what;
        try
        {
            what = await read(ct).ConfigureAwait(false);
        }
        catch (StalwartApiException e) when (e.IsTransport)
        {
            if (e.Failure is StalwartFailure.Timeout && live is not null && await AnsweredAsync(live).ConfigureAwait(false))
                return new StoreRead(false, $"the authenticated block-list read hung ({e.Failure} on {e.Path}) while Stalwart answered /healthz/live, which it serves without its store: the store does not answer");
            return new StoreRead(null, $"the management API did not answer ({e.Failure} on {e.Path}): the store could not be asked");
        }
        catch (StalwartApiException e) when (e.Failure is StalwartFailure.Unauthorized)
        {
            return new StoreRead(null, $"the management API refused the credential ({e.Path}): the store could not be asked");
        }
        catch (StalwartApiException e)
        {
            return new StoreRead(false, $"an authenticated block-list read failed ({e.Failure} on {e.Path}): {e.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new StoreRead(null, "the management API did not answer the block-list read in time");
        }
        finally
        {
            await liveCts.CancelAsync().ConfigureAwait(false);
        }
        string? storeError = await StoreErrorSinceAsync(since, ct).ConfigureAwait(false);
        return storeError is null
            ? new StoreRead(true, $"an authenticated read Stalwart serves from its store succeeded ({what}) and logged no store error")
            : new StoreRead(false, $"an authenticated block-list read answered ({what}) but Stalwart logged a store error for it: {storeError}");
    }

    /// <summary>The liveness answer when it has come by the time the store read gave up (both started together).</summary>
    private static async Task<bool> AnsweredAsync(Task<bool> live)
    {
        try
        {
            return live.IsCompleted && await live.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or StalwartApiException)
        {
            return false;
        }
    }

    private async Task<string?> StoreErrorSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        var snapshot = await stack.DiscoverAsync(ct).ConfigureAwait(false);
        if (snapshot.Find(stalwartService) is not { } stalwart)
            return null;
        var lines = await stack.ReadLogsAsync(stalwart.Id, since, ct).ConfigureAwait(false);
        return lines.FirstOrDefault(l => LogSignatureCatalogue.MatchAll(l).Any(s => s.Id == "log.db-runtime-error"));
    }
}
