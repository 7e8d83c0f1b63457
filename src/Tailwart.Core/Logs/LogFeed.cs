using Docker.DotNet;
using Tailwart.Core.Docker;

namespace Tailwart.Core.Logs;

/// <summary>
/// Follows the logs of several services at once into one ring buffer, merged by time. Tail-first:
/// the last <c>tail</c> lines of each service are read, sorted together and shown at once; then
/// each service is followed from its last timestamp. A container restart, a recreation (new id)
/// or a docker daemon restart ends a stream; the feed finds the container again and resumes
/// from where it was, so no line is shown twice. Older lines come on demand.
/// </summary>
public sealed class LogFeed(IDockerClient docker, IStackControl stack, IReadOnlyList<string> services, LogRingBuffer buffer, int tail, TimeProvider time)
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    /// <summary>A stopped container's stream ends at once: wait longer each time, so an idle stack costs nothing.</summary>
    private static readonly TimeSpan RetryCap = TimeSpan.FromSeconds(30);
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

    private async Task FollowAsync(string service, CancellationToken ct)
    {
        TimeSpan pause = Retry;
        while (!ct.IsCancellationRequested)
        {
            bool gotLines = false;
            try
            {
                StackSnapshot snapshot = await stack.DiscoverAsync(ct).ConfigureAwait(false);
                if (snapshot.Find(service) is { } container)
                {
                    DateTimeOffset? since;
                    lock (_gate)
                        since = _last.TryGetValue(service, out DateTimeOffset t) ? t : null;
                    await foreach (IReadOnlyList<LogLine> batch in new ContainerLogReader(docker).ReadBatchesAsync(service, container.Id, 0, follow: true, since ?? time.GetUtcNow(), time, ct).ConfigureAwait(false))
                    {
                        gotLines = true;
                        lock (_gate)
                        {
                            buffer.AddRange(batch);
                            _last[service] = Max(_last.GetValueOrDefault(service), batch.Max(l => l.Timestamp));
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or DockerApiException or TimeoutException or UserFacingException or OperationCanceledException)
            {
                // The stream ended with the container or the daemon: find it again below.
            }
            pause = gotLines ? Retry : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, RetryCap.Ticks));
            try
            {
                await Task.Delay(pause, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
