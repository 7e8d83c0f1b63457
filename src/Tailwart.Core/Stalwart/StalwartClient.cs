namespace Tailwart.Core.Stalwart;

/// <summary>
/// Stalwart's management API, whichever generation it speaks, over whichever access path
/// answers. Detects the generation with the unauthenticated era probe (stalwart.md "quick era
/// probe": <c>GET /api/settings/list</c> → 401 on ≤0.15, 404 on 0.16) unless tailwart.json pins it,
/// and the version where the API gives it. Paths are tried in order; a transport failure on one
/// (unreachable, accepted-then-closed, timeout, 0.16's 403 for a blocked IP) falls through to the
/// next, and every result says which path answered. Thread-safe for sequential use by one caller.
/// </summary>
internal sealed class StalwartClient : IDisposable
{
    private readonly List<StalwartHttp> _paths;
    private readonly StalwartCredential _credential;
    private readonly StalwartClientOptions _options;
    private readonly ApiGeneration? _pinned;
    private readonly SemaphoreSlim _detectLock = new(1, 1);
    private IStalwartApi? _api;
    private StalwartServerInfo? _server;
    private int _preferred;

    /// <param name="paths">In order of preference; usually the admin URL, then the netns loopback.</param>
    /// <param name="apiGeneration"><c>auto</c>, <c>0.15</c> or <c>0.16</c> (stalwart.apiGeneration).</param>
    public StalwartClient(IReadOnlyList<StalwartAccessPath> paths, StalwartCredential credential, string apiGeneration = "auto", StalwartClientOptions? options = null)
    {
        if (paths.Count == 0)
            throw new ArgumentException("at least one access path is needed", nameof(paths));
        _options = options ?? new StalwartClientOptions();
        _paths = paths.Select(p => new StalwartHttp(p, _options)).ToList();
        _credential = credential;
        _pinned = apiGeneration switch
        {
            "0.15" => ApiGeneration.Rest015,
            "0.16" => ApiGeneration.Jmap016,
            _ => null,
        };
    }

    /// <summary>The paths in order of preference, for the pane's header.</summary>
    public IReadOnlyList<StalwartAccessPath> Paths => _paths.Select(p => p.Path).ToList();

    /// <summary>Which generation and version, learned once (the era probe, then one authenticated call that proves the credential).</summary>
    public async Task<StalwartServerInfo> DetectAsync(CancellationToken ct = default)
    {
        if (_server is not null)
            return _server;
        await _detectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_server is not null)
                return _server;
            var (generation, evidence, path) = _pinned is ApiGeneration pinned
                ? (pinned, $"stalwart.apiGeneration = {(pinned == ApiGeneration.Rest015 ? "0.15" : "0.16")} in tailwart.json", (string?)null)
                : await OnFirstPathAsync(ProbeEraAsync, ct).ConfigureAwait(false);
            IStalwartApi api = generation == ApiGeneration.Rest015 ? new RestApi015(_credential, _options) : new JmapApi016(_credential, _options);
            var (version, versionPath) = await OnFirstPathAsync(async (http, token) => (await api.VersionAsync(http, token).ConfigureAwait(false), http.Path.Name), ct).ConfigureAwait(false);
            _api = api;
            _server = new StalwartServerInfo(generation, version, path ?? versionPath, evidence);
            return _server;
        }
        finally
        {
            _detectLock.Release();
        }
    }

    /// <summary>The whole block list or allow-list, paged.</summary>
    public async Task<IpList> ListAsync(IpListKind kind, CancellationToken ct = default)
    {
        IStalwartApi api = await ApiAsync(ct).ConfigureAwait(false);
        return await OnFirstPathAsync((http, token) => api.ListAsync(http, kind, token), ct).ConfigureAwait(false);
    }

    /// <summary>Deletes the entries and applies the deletion (the reload the generation needs). Returns the path used.</summary>
    public async Task<string> RemoveBlockedAsync(IReadOnlyList<IpListEntry> entries, CancellationToken ct = default)
    {
        IStalwartApi api = await ApiAsync(ct).ConfigureAwait(false);
        return await OnAnyPathAsync(async (http, token) =>
        {
            await api.RemoveBlockedAsync(http, entries, token).ConfigureAwait(false);
            return http.Path.Name;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Adds allow-list entries and applies them. Returns the path used and Stalwart's reload warnings (0.15).</summary>
    public async Task<ReloadApplied> AddAllowedAsync(IReadOnlyList<string> addresses, CancellationToken ct = default)
    {
        IStalwartApi api = await ApiAsync(ct).ConfigureAwait(false);
        return await OnAnyPathAsync(async (http, token) =>
            new ReloadApplied(http.Path.Name, await api.AddAllowedAsync(http, addresses, token).ConfigureAwait(false)), ct).ConfigureAwait(false);
    }

    /// <summary>Asks Stalwart to reload its TLS certificates. Returns the path used.</summary>
    public async Task<string> ReloadCertificatesAsync(CancellationToken ct = default)
    {
        IStalwartApi api = await ApiAsync(ct).ConfigureAwait(false);
        return await OnAnyPathAsync(async (http, token) =>
        {
            await api.ReloadCertificatesAsync(http, token).ConfigureAwait(false);
            return http.Path.Name;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Stalwart's ACME configuration, secrets dropped.</summary>
    public async Task<AcmeSettings> AcmeSettingsAsync(CancellationToken ct = default)
    {
        IStalwartApi api = await ApiAsync(ct).ConfigureAwait(false);
        return await OnFirstPathAsync((http, token) => api.AcmeSettingsAsync(http, token), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether Stalwart answers <c>GET /healthz/live</c> (unauthenticated, on any path): 200 without touching the data
    /// store (v0.15.5 and v0.16.18 crates/http/src/request.rs, "healthz" → "live"; only its anonymous rate limit asks the
    /// in-memory store). Beside a store read that hung it tells "the store hangs" from "the whole API hangs".
    /// </summary>
    public async Task<bool> AnswersLiveAsync(CancellationToken ct = default)
    {
        try
        {
            return await OnFirstPathAsync(async (http, token) =>
                (await http.SendAsync(HttpMethod.Get, "/healthz/live", null, null, token).ConfigureAwait(false)).Status == 200, ct).ConfigureAwait(false);
        }
        catch (StalwartApiException)
        {
            return false;
        }
    }

    /// <summary>Stalwart's DKIM signing keys, public halves only.</summary>
    public async Task<IReadOnlyList<DkimKey>> DkimKeysAsync(CancellationToken ct = default)
    {
        IStalwartApi api = await ApiAsync(ct).ConfigureAwait(false);
        return await OnFirstPathAsync((http, token) => api.DkimKeysAsync(http, token), ct).ConfigureAwait(false);
    }

    /// <summary>The listeners Stalwart is configured with.</summary>
    public async Task<IReadOnlyList<StalwartListener>> ListenersAsync(CancellationToken ct = default)
    {
        IStalwartApi api = await ApiAsync(ct).ConfigureAwait(false);
        return await OnFirstPathAsync((http, token) => api.ListenersAsync(http, token), ct).ConfigureAwait(false);
    }

    /// <summary>0.16's AcmeRenewal tasks with their status; null on 0.15 (no task state over the API).</summary>
    public async Task<IReadOnlyList<AcmeRenewalTask>?> AcmeRenewalTasksAsync(CancellationToken ct = default)
    {
        IStalwartApi api = await ApiAsync(ct).ConfigureAwait(false);
        return await OnFirstPathAsync((http, token) => api.AcmeRenewalTasksAsync(http, token), ct).ConfigureAwait(false);
    }

    private async Task<IStalwartApi> ApiAsync(CancellationToken ct)
    {
        await DetectAsync(ct).ConfigureAwait(false);
        return _api!;
    }

    private async Task<(ApiGeneration, string, string?)> ProbeEraAsync(StalwartHttp http, CancellationToken ct)
    {
        // Unauthenticated on purpose: no credential is spent (or counted toward the auth auto-ban) to learn the era.
        StalwartResponse r = await http.SendAsync(HttpMethod.Get, "/api/settings/list", null, null, ct).ConfigureAwait(false);
        return r.Status switch
        {
            401 => (ApiGeneration.Rest015, "unauthenticated GET /api/settings/list → 401 (0.11–0.15 authenticate every /api call)", http.Path.Name),
            404 => (ApiGeneration.Jmap016, "unauthenticated GET /api/settings/list → 404 (0.16 has no such route)", http.Path.Name),
            403 => throw new StalwartApiException(StalwartFailure.Forbidden, http.Path.Name, $"GET /api/settings/list over {http.Path}: 403 without credentials: on 0.16 this client's IP is on the block list."),
            _ => throw new StalwartApiException(StalwartFailure.Malformed, http.Path.Name,
                $"GET /api/settings/list over {http.Path}: HTTP {r.Status} (expected 401 from 0.15 or 404 from 0.16): is this Stalwart's admin listener? Or set stalwart.apiGeneration to 0.15 or 0.16."),
        };
    }

    /// <summary>Runs <paramref name="call"/> on the preferred path, falling through to the others on transport failures.</summary>
    /// <summary>
    /// A read on every access path at once; the first answer wins and the others are cancelled. A
    /// hung listener (accepts, never answers) then costs one timeout, not one per path (issue 16:
    /// ~25 s sequentially). Only for reads: a change goes over one path at a time (<see cref="OnAnyPathAsync"/>).
    /// </summary>
    private async Task<T> OnFirstPathAsync<T>(Func<StalwartHttp, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        if (_paths.Count == 1)
            return await OnAnyPathAsync(call, ct).ConfigureAwait(false);
        using var race = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = Enumerable.Range(0, _paths.Count).Select(i => (_preferred + i) % _paths.Count)
            .Select(index => (Task: call(_paths[index], race.Token), Index: index)).ToList();
        var failures = new List<StalwartApiException>();
        try
        {
            while (running.Count > 0)
            {
                Task<T> done = await Task.WhenAny(running.Select(r => r.Task)).ConfigureAwait(false);
                // by position, not Single: two paths that completed synchronously with the same
                // default answer share one cached Task instance (the async builder caches them)
                var entry = running[running.FindIndex(r => r.Task == done)];
                running.Remove(entry);
                try
                {
                    T result = await done.ConfigureAwait(false);
                    _preferred = entry.Index;
                    return result;
                }
                catch (StalwartApiException e) when (e.IsTransport)
                {
                    failures.Add(e);
                }
            }
        }
        finally
        {
            race.Cancel();
            foreach (var (task, _) in running)
                _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        if (failures.Count == 1)
            throw failures[0];
        throw new StalwartApiException(failures[^1].Failure, failures[^1].Path,
            "no access path answered: " + string.Join(" | ", failures.Select(f => $"[{f.Path}] {f.Message}")), failures[^1]);
    }

    private async Task<T> OnAnyPathAsync<T>(Func<StalwartHttp, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var failures = new List<StalwartApiException>();
        for (int i = 0; i < _paths.Count; i++)
        {
            int index = (_preferred + i) % _paths.Count;
            try
            {
                T result = await call(_paths[index], ct).ConfigureAwait(false);
                // Stay on the path that answered: a banned admin URL would cost a timeout on every call.
                _preferred = index;
                return result;
            }
            catch (StalwartApiException e) when (e.IsTransport)
            {
                failures.Add(e);
            }
        }
        if (failures.Count == 1)
            throw failures[0];
        throw new StalwartApiException(failures[^1].Failure, failures[^1].Path,
            "no access path answered: " + string.Join(" | ", failures.Select(f => $"[{f.Path}] {f.Message}")), failures[^1]);
    }

    public void Dispose()
    {
        foreach (StalwartHttp http in _paths)
            http.Dispose();
        _detectLock.Dispose();
    }
}
