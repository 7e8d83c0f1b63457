using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Tailwart.Core.Logs;

/// <summary>
/// Reads one container's log through Docker.DotNet (multiplexed stdout/stderr framing, as for
/// containers without a TTY) with Docker's timestamps, so lines of several services can be
/// merged in time order. Tail-first: the last <c>tail</c> lines, then (with follow) new ones.
/// </summary>
public sealed class ContainerLogReader(IDockerClient docker)
{
    public async IAsyncEnumerable<LogLine> ReadAsync(
        string service, string containerId, int tail, bool follow, DateTimeOffset? since, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = follow,
            Tail = since is null ? tail.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all",
            Since = since is DateTimeOffset s ? (s.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        using MultiplexedStream stream = await docker.Containers.GetContainerLogsAsync(containerId, parameters, ct).ConfigureAwait(false);
        var stdout = new LineSplitter();
        var stderr = new LineSplitter();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            MultiplexedStream.ReadResult read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
            if (read.EOF)
                break;
            LineSplitter splitter = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
            foreach (string raw in splitter.Feed(buffer.AsSpan(0, read.Count)))
            {
                LogLine line = LogLineParser.Parse(service, raw, time.GetUtcNow());
                // `since` has one-second resolution in the API: skip what the caller already has.
                if (since is null || line.Timestamp > since)
                    yield return line;
            }
        }
        foreach (string? rest in new[] { stdout.Flush(), stderr.Flush() })
        {
            if (rest is not null)
                yield return LogLineParser.Parse(service, rest, time.GetUtcNow());
        }
    }
}
