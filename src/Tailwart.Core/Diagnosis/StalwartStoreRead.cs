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
/// </summary>
/// <param name="read">The authenticated read; returns what it read, e.g. "block list: 3 entries via admin-url".</param>
internal sealed class StalwartStoreRead(Func<CancellationToken, Task<string>> read, IStackControl stack, string stalwartService, TimeProvider? time = null) : IStoreReadProbe
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<StoreRead> ReadAsync(CancellationToken ct = default)
    {
        // Docker's log timestamps and ours may differ by clock granularity: look back a little.
        DateTimeOffset since = _time.GetUtcNow() - TimeSpan.FromSeconds(1);
        string what;
        try
        {
            what = await read(ct).ConfigureAwait(false);
        }
        catch (StalwartApiException e) when (e.IsTransport)
        {
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
        string? storeError = await StoreErrorSinceAsync(since, ct).ConfigureAwait(false);
        return storeError is null
            ? new StoreRead(true, $"an authenticated read Stalwart serves from its store succeeded ({what}) and logged no store error")
            : new StoreRead(false, $"an authenticated block-list read answered ({what}) but Stalwart logged a store error for it: {storeError}");
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
