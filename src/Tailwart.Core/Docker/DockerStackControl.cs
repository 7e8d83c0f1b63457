using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Tailwart.Core.Docker;

/// <summary>
/// <see cref="IStackControl"/> over Docker.DotNet (start, inspect, events, logs) and the compose CLI
/// (create only). Every call is bounded by <paramref name="callTimeout"/> on top of the caller's token.
/// </summary>
internal sealed class DockerStackControl(IDockerClient docker, StackDiscovery discovery, ComposeCli compose, string project, TimeSpan? callTimeout = null) : IStackControl
{
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
        string config = await compose.ConfigAsync(ct).ConfigureAwait(false); // read afresh: the files may have changed under a long-running TUI
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
    /// it subscribes again with a growing pause (0.5 s … 2 s, so a pane resumes within seconds of dockerd answering again), replaying from the last event it saw,
    /// and inspects afresh, so a state change during the gap is still reported.
    /// </remarks>
    public async IAsyncEnumerable<ContainerSnapshot> WatchAsync(string service, [EnumeratorCancellation] CancellationToken ct = default)
    {
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 2;
        var pause = ResubscribeFirstPause;
        while (true)
        {
            var events = Channel.CreateBounded<Message>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // Subscribe first and replay the last seconds, then inspect: a health flip between the
            // inspect and the subscription can't be missed (each event only triggers a fresh inspect).
            Task monitor = docker.System.MonitorEventsAsync(EventsOf(service, since), new ChannelProgress(events.Writer), stop.Token)
                .ContinueWith(t => events.Writer.TryComplete(t.Exception), TaskScheduler.Default);
            try
            {
                var first = await TryAsync(async token => (await DiscoverAsync(token).ConfigureAwait(false)).Find(service), ct).ConfigureAwait(false);
                if (first is not null)
                {
                    pause = ResubscribeFirstPause;
                    yield return first;
                }
                while (await StillOpenAsync(events.Reader, ct).ConfigureAwait(false))
                {
                    while (events.Reader.TryRead(out var message))
                    {
                        since = Math.Max(since, message.Time ?? since); // unix seconds
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
            // the stream ended without our asking: pause, then subscribe again from the last event seen
            await Task.Delay(pause, ct).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, ResubscribeMaxPause.Ticks));
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
        },
    };

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
