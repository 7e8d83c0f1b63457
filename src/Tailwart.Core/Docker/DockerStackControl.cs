using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Tailwart.Core.Docker;

/// <summary>
/// <see cref="IStackControl"/> over Docker.DotNet (start, inspect, events, logs) and the compose CLI
/// (create only). Every call is bounded by <paramref name="callTimeout"/> on top of the caller's token.
/// </summary>
public sealed class DockerStackControl(IDockerClient docker, StackDiscovery discovery, ComposeCli compose, string project, TimeSpan? callTimeout = null) : IStackControl
{
    private const int MaxLogLines = 5000;
    private readonly TimeSpan _callTimeout = callTimeout ?? TimeSpan.FromSeconds(30);

    public async Task<StackSnapshot> DiscoverAsync(CancellationToken ct = default)
    {
        using var cts = Bounded(ct);
        return await discovery.DiscoverAsync(cts.Token).ConfigureAwait(false);
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
            await docker.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cts.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new UserFacingException($"docker could not start container {containerId[..Math.Min(12, containerId.Length)]}: {e.ResponseBody?.Trim()}", e);
        }
    }

    public async IAsyncEnumerable<ContainerSnapshot> WatchAsync(string service, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var events = Channel.CreateBounded<Message>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Subscribe first and replay the last seconds, then inspect: a health flip between the
        // inspect and the subscription can't be missed (each event only triggers a fresh inspect).
        var parameters = new ContainerEventsParameters
        {
            Since = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
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
        Task monitor = docker.System.MonitorEventsAsync(parameters, new ChannelProgress(events.Writer), stop.Token)
            .ContinueWith(t => events.Writer.TryComplete(t.Exception), TaskScheduler.Default);
        try
        {
            var first = (await DiscoverAsync(ct).ConfigureAwait(false)).Find(service);
            if (first is not null)
                yield return first;
            while (await events.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (events.Reader.TryRead(out var message))
                {
                    if (!IsRelevant(message.Action))
                        continue;
                    var snapshot = await InspectAsync(message.Actor?.ID, ct).ConfigureAwait(false);
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
        return await discovery.InspectAsync(id, cts.Token).ConfigureAwait(false);
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
