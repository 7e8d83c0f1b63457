using Tailwart.Core.BringUp;
using Tailwart.Core.Docker;

namespace Tailwart.Core.Diagnosis;

/// <summary>
/// The one diagnosis of the running stack that `status`, `doctor`, the services pane and `up` all
/// use. It looks (never acts): Docker's view of the services, one route check from the sidecar's
/// netns, the sidecar's tailnet, the interfaces of Stalwart's netns, Stalwart's log since its
/// current start, its sessions in pg_stat_activity and a management-API read it serves from its
/// store. The probes run at once, each bounded by <see cref="DiagnosisOptions.ProbeTimeout"/>, so
/// one that hangs costs its bound, not the sum; the rules are <see cref="StackFindings"/>.
/// </summary>
internal sealed class StackDiagnosis(IStackControl stack, IRouteVerifier route, IStalwartSessionProbe sessions, DiagnosisOptions options, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public ITailnetProbe? Tailnet { get; init; }
    public IStoreReadProbe? Store { get; init; }
    public INetnsInterfaces? Interfaces { get; init; }

    public DiagnosisOptions Options => options;

    public async Task<StackDiagnosisResult> RunAsync(CancellationToken ct = default)
    {
        StackSnapshot snapshot = await stack.DiscoverAsync(ct).ConfigureAwait(false);
        ContainerSnapshot? sidecar = snapshot.Find(options.SidecarService);
        ContainerSnapshot? stalwart = snapshot.Find(options.StalwartService);
        bool sidecarUp = sidecar is { IsRunning: true };
        bool stalwartUp = stalwart is { IsRunning: true };

        var routeTask = sidecarUp ? Bounded(async c => (RouteCheck?)await route.VerifyAsync(c).ConfigureAwait(false), ct) : Task.FromResult<RouteCheck?>(null);
        var tailnetTask = sidecarUp && Tailnet is { } t ? Bounded(async c => (TailnetState?)await t.ProbeAsync(c).ConfigureAwait(false), ct, e => new TailnetState(null, null, $"could not look inside the sidecar: {e}")) : Task.FromResult<TailnetState?>(null);
        var nicsTask = stalwartUp && Interfaces is { } i ? Bounded(c => i.InterfacesAsync(stalwart!, c), ct) : Task.FromResult<IReadOnlyList<string>?>(null);
        var logTask = stalwart is { StartedAt: { } started } ? Bounded(async c => (IReadOnlyList<string>?)await stack.ReadLogsAsync(stalwart.Id, started, c).ConfigureAwait(false), ct) : Task.FromResult<IReadOnlyList<string>?>(null);
        var storeTask = stalwartUp && sidecarUp && Store is { } s ? Bounded(async c => (StoreRead?)await s.ReadAsync(c).ConfigureAwait(false), ct, e => new StoreRead(null, $"the store read failed to run: {e}")) : Task.FromResult<StoreRead?>(null);
        var sessionsTask = stalwartUp && sidecarUp ? SessionsAsync(ct) : Task.FromResult<(int?, string?)>((null, null));
        await Task.WhenAll(routeTask, tailnetTask, nicsTask, logTask, storeTask, sessionsTask).ConfigureAwait(false);

        var (count, error) = await sessionsTask.ConfigureAwait(false);
        RouteCheck? routeCheck = await routeTask.ConfigureAwait(false);
        if (sidecarUp && routeCheck is null)
            routeCheck = new RouteCheck(RouteLevel.None, RouteFailure.Other, $"the route check did not finish within {options.ProbeTimeout.TotalSeconds:0} s", options.ProbeTimeout);
        var evidence = new StackEvidence(snapshot, options, _time.GetUtcNow())
        {
            Route = routeCheck,
            Tailnet = await tailnetTask.ConfigureAwait(false),
            StalwartInterfaces = await nicsTask.ConfigureAwait(false),
            StalwartLog = await logTask.ConfigureAwait(false),
            Sessions = count,
            SessionsError = error,
            Store = await storeTask.ConfigureAwait(false),
        };
        return new StackDiagnosisResult(evidence, StackFindings.From(evidence));
    }

    private async Task<(int?, string?)> SessionsAsync(CancellationToken ct)
    {
        string? error = null;
        int? count = await Bounded<int?>(async c => await sessions.CountAsync(c).ConfigureAwait(false), ct, e => { error = e; return null; }).ConfigureAwait(false);
        return (count, count is null ? error ?? $"no answer within {options.ProbeTimeout.TotalSeconds:0} s" : null);
    }

    /// <summary>
    /// Runs one probe under the probe bound. A probe that fails or times out yields
    /// <paramref name="onError"/>'s value (default null: "not seen"), never an exception: one broken
    /// part must not hide what the others saw.
    /// </summary>
    private async Task<T?> Bounded<T>(Func<CancellationToken, Task<T?>> probe, CancellationToken ct, Func<string, T?>? onError = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.ProbeTimeout);
        try
        {
            return await probe(cts.Token).WaitAsync(options.ProbeTimeout, _time, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is OperationCanceledException or TimeoutException)
        {
            return onError is null ? default : onError($"no answer within {options.ProbeTimeout.TotalSeconds:0} s");
        }
#pragma warning disable CA1031 // a probe's failure is evidence ("not seen"), reported by the rules; it must not end the diagnosis
        catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return onError is null ? default : onError(e.Message);
        }
    }
}
