using Docker.DotNet;
using Tailwart.Core.Docker;

using Tailwart.Core.Waiting;

namespace Tailwart.Core.Logs;

/// <summary>
/// Follows the logs of several services at once into one ring buffer, merged by time. Tail-first:
/// the last <c>tail</c> lines of each service are read, sorted together and shown at once; then
/// each service is followed from its last timestamp. A container restart, a recreation (new id)
/// or a docker daemon restart ends a stream; Docker's event stream says when the container runs
/// again and the feed resumes from where it was, so no line is shown twice. Older lines come on demand.
/// </summary>
internal sealed class LogFeed(IDockerClient docker, IStackControl stack, IReadOnlyList<string> services, LogRingBuffer buffer, int tail, TimeProvider time)
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    /// <summary>Pause before a log stream that ended is opened again while its container still runs.</summary>
    private static readonly TimeSpan Reopen = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// While the daemon is away each look is one refused connect on its socket: cheap, so the wait stays
    /// short and the pane is back within seconds of dockerd answering (issue 10: within 5 s).
    /// </summary>
    private static readonly TimeSpan DaemonRetryCap = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);
    private int _tail = tail;

    public LogRingBuffer Buffer => buffer;

    /// <summary>Shows the tail at once, then follows every service until cancelled. Never throws for Docker trouble; it retries.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await LoadTailAsync(_tail, ct).ConfigureAwait(false);
        await Task.WhenAll(services.Select(s => FollowAsync(s, ct))).ConfigureAwait(false);
    }

    /// <summary>Re-reads <paramref name="more"/> further lines of history per service and merges them in.</summary>
    public Task LoadOlderAsync(int more, CancellationToken ct) => LoadTailAsync(Interlocked.Add(ref _tail, more), ct);

    private async Task LoadTailAsync(int lines, CancellationToken ct)
    {
        StackSnapshot snapshot;
        try
        {
            snapshot = await stack.DiscoverAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or DockerApiException or TimeoutException or UserFacingException)
        {
            return; // Docker is away: the follow loops keep trying.
        }
        var all = new List<LogLine>();
        foreach (string service in services)
        {
            if (snapshot.Find(service) is not { } container)
                continue;
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(TimeSpan.FromSeconds(30));
                await foreach (LogLine line in new ContainerLogReader(docker).ReadAsync(service, container.Id, lines, follow: false, since: null, time, deadline.Token).ConfigureAwait(false))
                    all.Add(line);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or DockerApiException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // One service's history is unavailable; the others still show.
            }
        }
        lock (_gate)
        {
            // Merge with what is shown (follow loops may already have added newer lines), oldest first.
            var merged = buffer.Snapshot().Concat(all).DistinctBy(l => (l.Service, l.Timestamp, l.Text)).OrderBy(l => l.Timestamp).ToList();
            buffer.Clear();
            buffer.AddRange(merged);
            foreach (var group in merged.GroupBy(l => l.Service))
                _last[group.Key] = Max(_last.GetValueOrDefault(group.Key), group.Max(l => l.Timestamp));
        }
    }

    /// <summary>
    /// Follows one service, driven by Docker's event stream (<see cref="IStackControl.WatchAsync"/>):
    /// a log stream is opened when the container is seen running and again at each new start or new
    /// container, so a stopped container costs nothing and a start is followed at once. When the
    /// daemon goes away (a restart ends every stream) the watch is asked again every second or two,
    /// so the pane resumes within seconds of dockerd answering again.
    /// </summary>
    private async Task FollowAsync(string service, CancellationToken ct)
    {
        var pause = new Backoff(Retry, DaemonRetryCap, time);
        while (!ct.IsCancellationRequested)
        {
            using var streams = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task following = Task.CompletedTask;
            string? followed = null;
            try
            {
                await foreach (ContainerSnapshot c in stack.WatchAsync(service, ct).ConfigureAwait(false))
                {
                    pause.Reset(); // the daemon answered
                    string run = c.Id + "@" + c.StartedAt?.ToUnixTimeMilliseconds();
                    if (c.IsRunning && (run != followed || following.IsCompleted))
                    {
                        followed = run;
                        following = StreamAsync(service, c, streams.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Docker trouble comes in many shapes (socket, HTTP, API, aggregate from the event stream): none may end the feed; it looks again.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                await streams.CancelAsync().ConfigureAwait(false);
                await following.ConfigureAwait(false);
            }
            if (!await pause.PauseAsync(ct).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>
    /// Adds one container run's new lines until the run ends or <paramref name="ct"/> is cancelled.
    /// Never throws. A stream can end while the container runs on, with no Docker event to say so
    /// (a stale API connection after a daemon restart, a proxy cutting it): then it is opened again
    /// from the last line seen, for as long as Docker says this same run is running.
    /// </summary>
    private async Task StreamAsync(string service, ContainerSnapshot run, CancellationToken ct)
    {
        DateTimeOffset opened = time.GetUtcNow(); // where a reopened stream starts when no line was seen yet
        while (!ct.IsCancellationRequested)
        {
            try
            {
                DateTimeOffset? since;
                lock (_gate)
                    since = _last.TryGetValue(service, out DateTimeOffset t) ? t : null;
                await foreach (IReadOnlyList<LogLine> batch in new ContainerLogReader(docker).ReadBatchesAsync(service, run.Id, 0, follow: true, since ?? opened, time, ct).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        buffer.AddRange(batch);
                        _last[service] = Max(_last.GetValueOrDefault(service), batch.Max(l => l.Timestamp));
                    }
                }
            }
#pragma warning disable CA1031 // the stream ended with the container or the daemon: the watch opens the next run's.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            if (!await Wait.PauseAsync(Reopen, time, ct).ConfigureAwait(false))
                return;
            try
            {
                if (!await StillRunningAsync(run, ct).ConfigureAwait(false))
                    return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Whether <paramref name="run"/> (same container, same start) still runs; false when Docker cannot say.</summary>
    private async Task<bool> StillRunningAsync(ContainerSnapshot run, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var now = await docker.Containers.InspectContainerAsync(run.Id, deadline.Token).ConfigureAwait(false);
            return now.State?.Running == true && StackDiscovery.ParseDockerTime(now.State.StartedAt) == run.StartedAt;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or DockerApiException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false; // the daemon is away or the container gone: the watch opens the next run's stream
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
