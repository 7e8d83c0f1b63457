using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Tailwart.Core.Waiting;

namespace Tailwart.Core.Docker;

/// <summary>
/// <see cref="IStackControl"/> over Docker.DotNet (start, inspect, events, logs) and the compose CLI
/// (create only). Every call is bounded by <paramref name="callTimeout"/> on top of the caller's token.
/// </summary>
internal sealed class DockerStackControl(IDockerClient docker, StackDiscovery discovery, ComposeCli compose, string project, TimeSpan? callTimeout = null, TimeProvider? time = null, Func<CancellationToken, Task<string>>? model = null) : IStackControl
{
    // compose's model: the process's one read when given (ComposeModelCache), else compose config afresh
    private readonly Func<CancellationToken, Task<string>> _model = model ?? compose.ConfigAsync;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private const int MaxLogLines = 5000;
    private readonly TimeSpan _callTimeout = callTimeout ?? TimeSpan.FromSeconds(30);

    public async Task<StackSnapshot> DiscoverAsync(CancellationToken ct = default)
    {
        using var cts = Bounded(ct);
        // WaitAsync: the bound holds even when a request inside Docker.DotNet does not honour its token
        // (a unit run once hung past 60 s in a discovery call under a 36-way certs sweep).
        return await discovery.DiscoverAsync(cts.Token).WaitAsync(cts.Token).ConfigureAwait(false);
    }

    public Task CreateAsync(IReadOnlyList<string> services, bool recreate = false, CancellationToken ct = default) => compose.CreateAsync(services, recreate, ct);

    public async Task RestartAsync(string containerId, CancellationToken ct = default)
    {
        using var cts = Bounded(ct);
        try
        {
            await docker.Containers.RestartContainerAsync(containerId, new ContainerRestartParameters { WaitBeforeKillSeconds = 10 }, cts.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new UserFacingException($"docker could not restart container {containerId[..Math.Min(12, containerId.Length)]}: {e.ResponseBody?.Trim()}", e);
        }
    }

    public async Task StopAsync(string containerId, TimeSpan grace, CancellationToken ct = default)
    {
        using var cts = Bounded(ct);
        try
        {
            // false: it was not running (304), which is what was asked for
            _ = await docker.Containers.StopContainerAsync(containerId, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, cts.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new UserFacingException($"docker could not stop container {containerId[..Math.Min(12, containerId.Length)]}: {e.ResponseBody?.Trim()}", e);
        }
    }

    public async Task StartAsync(string containerId, CancellationToken ct = default)
    {
        using var cts = Bounded(ct);
        try
        {
            await AttachComposeNetworksAsync(containerId, cts.Token).ConfigureAwait(false);
            await docker.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cts.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new UserFacingException($"docker could not start container {containerId[..Math.Min(12, containerId.Length)]}: {e.ResponseBody?.Trim()}", e);
        }
    }

    /// <summary>
    /// docker-compose v1 creates a container (<c>up --no-start</c>) on its first network only and
    /// attaches the others when compose itself starts it. Started through the API it would run
    /// without them: attach what compose config says is missing, with compose's aliases and fixed
    /// address, first. Containers made by compose v2 (all networks at creation) or sharing another's
    /// network stack are left alone.
    /// </summary>
    private async Task AttachComposeNetworksAsync(string containerId, CancellationToken ct)
    {
        var c = await docker.Containers.InspectContainerAsync(containerId, ct).ConfigureAwait(false);
        string? madeBy = Label(c, "com.docker.compose.version");
        string? service = Label(c, ComposeLabels.Service);
        string mode = c.HostConfig?.NetworkMode ?? "";
        if (madeBy is null || !madeBy.StartsWith("1.", StringComparison.Ordinal) || service is null
            || mode.StartsWith("container:", StringComparison.Ordinal) || mode is "host" or "none")
            return;
        var attached = c.NetworkSettings?.Networks?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        string config = await _model(ct).ConfigureAwait(false); // the cache reads again when the files changed under a long-running TUI
        foreach (ComposeNetwork network in ComposeNetworks.Of(config, project, service).Where(n => !attached.Contains(n.Name)))
        {
            await docker.Networks.ConnectNetworkAsync(network.Name, new NetworkConnectParameters
            {
                Container = containerId,
                EndpointConfig = new EndpointSettings
                {
                    Aliases = [.. network.Aliases],
                    IPAMConfig = network.Ipv4Address is { } ip ? new EndpointIPAMConfig { IPv4Address = ip } : null,
                },
            }, ct).ConfigureAwait(false);
        }
    }

    private static string? Label(ContainerInspectResponse c, string key) =>
        c.Config?.Labels is { } labels && labels.TryGetValue(key, out string? value) ? value : null;

    /// <remarks>
    /// A dropped event stream (dockerd restarted, the API connection cut) does not end the watch:
    /// it subscribes again on the one back-off (<see cref="Resubscription"/>: 0.5 s … 2 s on the
    /// injected clock, so a pane resumes within seconds of dockerd answering again), replaying from
    /// the last event it saw, and inspects afresh, so a state change during the gap is still reported.
    /// </remarks>
    public IAsyncEnumerable<ContainerSnapshot> WatchAsync(string service, CancellationToken ct = default)
    {
        // Docker's wall clock, not the injected one: `since` is compared with the daemon's event times. Shared
        // by every subscription, so each replays from the last event seen.
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 2;
        return Resubscription.ForeverAsync(token => SubscribeAsync(service, () => since, s => since = s, token), new Backoff(ResubscribeFirstPause, ResubscribeMaxPause, _time), ct);
    }

    /// <summary>One subscription to the service's events: its state now, then a fresh inspect per relevant event, until the stream ends.</summary>
    private async IAsyncEnumerable<ContainerSnapshot> SubscribeAsync(string service, Func<long> since, Action<long> seen, [EnumeratorCancellation] CancellationToken ct)
    {
        var events = Channel.CreateBounded<Message>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Subscribe first and replay the last seconds, then inspect: a health flip between the
        // inspect and the subscription can't be missed (each event only triggers a fresh inspect).
        Task monitor = docker.System.MonitorEventsAsync(EventsOf(service, since()), new ChannelProgress(events.Writer), stop.Token)
            .ContinueWith(t => events.Writer.TryComplete(t.Exception), TaskScheduler.Default);
        try
        {
            var first = await TryAsync(async token => (await DiscoverAsync(token).ConfigureAwait(false)).Find(service), ct).ConfigureAwait(false);
            if (first is not null)
                yield return first;
            while (await StillOpenAsync(events.Reader, ct).ConfigureAwait(false))
            {
                while (events.Reader.TryRead(out var message))
                {
                    seen(Math.Max(since(), message.Time ?? since())); // unix seconds
                    if (!IsRelevant(message.Action))
                        continue;
                    var snapshot = await TryAsync(token => InspectAsync(message.Actor?.ID, token), ct).ConfigureAwait(false);
                    if (snapshot is not null)
                        yield return snapshot with { };
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await monitor.ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan ResubscribeFirstPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ResubscribeMaxPause = TimeSpan.FromSeconds(2);

    private ContainerEventsParameters EventsOf(string service, long since) => new()
    {
        Since = since.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["type"] = new Dictionary<string, bool> { ["container"] = true },
            ["label"] = new Dictionary<string, bool>
            {
                [$"{ComposeLabels.Project}={project}"] = true,
                [$"{ComposeLabels.Service}={service}"] = true,
            },
            // Only the actions IsRelevant keeps: a healthcheck every 5 s is three exec_* events that
            // woke every watcher of an idle TUI for nothing (issue 18). With health_status in the set,
            // dockerd matches every name as a prefix ("health_status: healthy"; moby daemon/events/filter.go
            // matchEvent, #25798), and none of the others is a prefix of an exec_* action.
            ["event"] = RelevantActions.ToDictionary(a => a, _ => true, StringComparer.Ordinal),
        },
    };

    private static readonly string[] RelevantActions = ["health_status", "start", "die", "stop", "kill", "restart", "destroy", "create", "oom"];

    /// <summary>True while events may still come; false once the stream ended, for whatever reason.</summary>
    private static async Task<bool> StillOpenAsync(ChannelReader<Message> reader, CancellationToken ct)
    {
        try
        {
            return await reader.WaitToReadAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false; // the monitor faulted (connection dropped): resubscribe
        }
    }

    /// <summary>A Docker call whose failure (daemon away, timeout) means "nothing to report now", not the end of the watch.</summary>
    private static async Task<T?> TryAsync<T>(Func<CancellationToken, Task<T?>> call, CancellationToken ct) where T : class
    {
        try
        {
            return await call(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is DockerApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException or UserFacingException)
        {
            return null;
        }
    }

    /// <summary>
    /// The project's container events (any service), for the supervisor: unlike <see cref="WatchAsync"/>
    /// it does not resubscribe by itself. The stream ending or faulting (dockerd restarted, the socket
    /// gone) surfaces as <see cref="StackEventsLostException"/>, so the caller can say so, reconnect
    /// with its own back-off and re-read the stack. One label filter only: Docker ANDs label filters,
    /// so the services are filtered here.
    /// </summary>
    public async IAsyncEnumerable<StackEvent> EventsAsync(IReadOnlySet<string> services, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var events = Channel.CreateBounded<Message>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true },
            },
        };
        Exception? fault = null;
        Task monitor = docker.System.MonitorEventsAsync(parameters, new ChannelProgress(events.Writer), stop.Token)
            .ContinueWith(t => { fault = t.Exception?.GetBaseException(); events.Writer.TryComplete(); }, TaskScheduler.Default);
        try
        {
            while (true)
            {
                bool open;
                try
                {
                    open = await events.Reader.WaitToReadAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    throw new StackEventsLostException($"Docker's event stream failed: {e.Message}", e);
                }
                if (!open)
                {
                    ct.ThrowIfCancellationRequested();
                    throw new StackEventsLostException(fault is null ? "Docker's event stream ended (dockerd restarted or stopped?)" : $"Docker's event stream failed: {fault.Message}", fault);
                }
                while (events.Reader.TryRead(out var m))
                {
                    string? service = m.Actor?.Attributes is { } a && a.TryGetValue(ComposeLabels.Service, out string? s) ? s : null;
                    if (service is null || !services.Contains(service) || m.Action is null)
                        continue;
                    DateTimeOffset at = m.TimeNano is > 0 and long nano ? DateTimeOffset.FromUnixTimeMilliseconds(nano / 1_000_000) : DateTimeOffset.FromUnixTimeSeconds(m.Time ?? 0);
                    yield return new StackEvent(service, m.Action, m.Actor?.ID ?? "", at);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await monitor.ConfigureAwait(false);
        }
    }

    /// <summary>Docker's restart policy of a container now (no, always, unless-stopped, on-failure), read from its HostConfig.</summary>
    public async Task<string> RestartPolicyAsync(string containerId, CancellationToken ct = default)
    {
        using var cts = Bounded(ct);
        var c = await docker.Containers.InspectContainerAsync(containerId, cts.Token).ConfigureAwait(false);
        return RestartPolicyName(c.HostConfig?.RestartPolicy);
    }

    /// <summary>Sets a container's restart policy through the API (what `docker update --restart` does); the container keeps running.</summary>
    public async Task SetRestartPolicyAsync(string containerId, string policy, CancellationToken ct = default)
    {
        using var cts = Bounded(ct);
        RestartPolicyKind kind = policy switch
        {
            "no" => RestartPolicyKind.No,
            "always" => RestartPolicyKind.Always,
            "unless-stopped" => RestartPolicyKind.UnlessStopped,
            "on-failure" => RestartPolicyKind.OnFailure,
            _ => throw new UserFacingException($"'{policy}' is not a Docker restart policy (no, always, unless-stopped, on-failure)."),
        };
        try
        {
            await docker.Containers.UpdateContainerAsync(containerId, new ContainerUpdateParameters { RestartPolicy = new RestartPolicy { Name = kind } }, cts.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new UserFacingException($"docker could not change the restart policy of container {containerId[..Math.Min(12, containerId.Length)]}: {e.ResponseBody?.Trim()}", e);
        }
    }

    internal static string RestartPolicyName(RestartPolicy? policy) => policy?.Name switch
    {
        RestartPolicyKind.Always => "always",
        RestartPolicyKind.UnlessStopped => "unless-stopped",
        RestartPolicyKind.OnFailure => "on-failure",
        _ => "no",
    };

    public async Task<IReadOnlyList<string>> ReadLogsAsync(string containerId, DateTimeOffset since, CancellationToken ct = default)
    {
        using var cts = Bounded(ct);
        using var stream = await docker.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            // Docker's since is whole seconds; one second earlier so the first line of this start is kept
            Since = (since.ToUnixTimeSeconds() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Tail = MaxLogLines.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, cts.Token).ConfigureAwait(false);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cts.Token).ConfigureAwait(false);
        return (stdout + "\n" + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private async Task<ContainerSnapshot?> InspectAsync(string? id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id))
            return null;
        using var cts = Bounded(ct);
        return await discovery.InspectAsync(id, cts.Token).WaitAsync(cts.Token).ConfigureAwait(false);
    }

    private static bool IsRelevant(string? action) =>
        action is not null && (action.StartsWith("health_status", StringComparison.Ordinal)
            || action is "start" or "die" or "stop" or "kill" or "restart" or "destroy" or "create" or "oom");

    private CancellationTokenSource Bounded(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_callTimeout);
        return cts;
    }

    /// <summary>Writes each event synchronously, in order (Progress&lt;T&gt; would post them to the thread pool, unordered).</summary>
    private sealed class ChannelProgress(ChannelWriter<Message> writer) : IProgress<Message>
    {
        public void Report(Message value) => writer.TryWrite(value);
    }
}
