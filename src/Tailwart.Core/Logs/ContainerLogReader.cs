using System.Globalization;
using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Tailwart.Core.Logs;

/// <summary>
/// Reads one container's log with Docker's timestamps, so lines of several services can be merged in
/// time order. Tail-first: the last <c>tail</c> lines, then (with follow) new ones. On a unix socket (the
/// edge box) the HTTP body is read with the BCL's HttpClient in large blocks, on a thread of its own
/// (<see cref="DockerLogPump"/>);
/// on any other endpoint through Docker.DotNet's log stream. Either way the body is Docker's multiplexed
/// stdout/stderr framing (containers without a TTY) or plain output (a TTY container).
/// Lines come in batches, one per read from the stream, so a consumer can store them under one lock.
/// </summary>
internal sealed class ContainerLogReader(IDockerClient docker)
{
    public async IAsyncEnumerable<LogLine> ReadAsync(
        string service, string containerId, int tail, bool follow, DateTimeOffset? since, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (IReadOnlyList<LogLine> batch in ReadBatchesAsync(service, containerId, tail, follow, since, time, ct).ConfigureAwait(false))
        {
            foreach (LogLine line in batch)
                yield return line;
        }
    }

    public async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadBatchesAsync(
        string service, string containerId, int tail, bool follow, DateTimeOffset? since, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        string tailText = since is null ? tail.ToString(CultureInfo.InvariantCulture) : "all";
        string? sinceText = since is DateTimeOffset s ? (s.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture) : null;
        if (DockerLogHttpClient.Supports(docker))
        {
            // Framing is decided as Docker.DotNet decides it: a TTY container's output is not multiplexed.
            ContainerInspectResponse container = await docker.Containers.InspectContainerAsync(containerId, ct).ConfigureAwait(false);
            bool multiplexed = container.Config?.Tty != true;
            string query = $"stdout=1&stderr=1&timestamps=1&follow={(follow ? 1 : 0)}&tail={tailText}" + (sinceText is null ? "" : $"&since={sinceText}");
            await foreach (IReadOnlyList<LogLine> batch in DockerLogPump.ReadAsync(docker, service, containerId, query, multiplexed, since, time, ct).ConfigureAwait(false))
                yield return batch;
            yield break;
        }
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = follow,
            Tail = tailText,
            Since = sinceText,
        };
        using MultiplexedStream stream = await docker.Containers.GetContainerLogsAsync(containerId, parameters, ct).ConfigureAwait(false);
        await foreach (IReadOnlyList<LogLine> batch in ReadBatchesAsync(service, stream, since, time, ct).ConfigureAwait(false))
            yield return batch;
    }

    /// <summary>The lines of a log stream opened by Docker.DotNet, a batch per read; lines not after <paramref name="since"/> are skipped.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadBatchesAsync(
        string service, MultiplexedStream stream, DateTimeOffset? since, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (RawBody(stream) is { } raw)
        {
            // Docker.DotNet hands out one frame per read (two reads of its stream per log line):
            // read the body underneath in large blocks instead.
            await foreach (IReadOnlyList<LogLine> batch in ReadBatchesAsync(service, raw.Body, raw.Multiplexed, since, time, ct).ConfigureAwait(false))
                yield return batch;
            yield break;
        }
        var stdout = new LineSplitter();
        var stderr = new LineSplitter();
        var lines = new LogBatchCollector(service, since, time);
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            MultiplexedStream.ReadResult read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
            if (read.EOF)
                break;
            lines.Stamp();
            LineSplitter splitter = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
            splitter.Feed(buffer.AsSpan(0, read.Count), lines.Take);
            if (lines.TakeBatch() is { } batch)
                yield return batch;
        }
        if (lines.Finish(stdout, stderr) is { } last)
            yield return last;
    }

    /// <summary>
    /// The lines of a raw log body (the HTTP body as dockerd sends it), a batch per read; with
    /// <paramref name="multiplexed"/> the body is Docker's stdout/stderr framing (containers without
    /// a TTY), else plain output. Lines not after <paramref name="since"/> are skipped.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadBatchesAsync(
        string service, Stream body, bool multiplexed, DateTimeOffset? since, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var decoder = new LogBodyDecoder(service, multiplexed, since, time);
        int read;
        while ((read = await body.ReadAsync(decoder.Free, ct).ConfigureAwait(false)) > 0)
        {
            if (decoder.Take(read) is { } batch)
                yield return batch;
        }
        if (decoder.Finish() is { } last)
            yield return last;
    }

    /// <summary>
    /// The HTTP body underneath <paramref name="stream"/> and whether it is multiplexed, or null when
    /// this Docker.DotNet keeps them elsewhere (then its own per-frame reads are used).
    /// Docker.DotNet.Enhanced 4.3.3 keeps them in private fields.
    /// </summary>
    private static (Stream Body, bool Multiplexed)? RawBody(MultiplexedStream stream)
    {
        try
        {
            return (Inner(stream), Multiplexed(stream));
        }
        catch (MissingMemberException)
        {
            return null;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_stream")]
    private static extern ref readonly Stream Inner(MultiplexedStream stream);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_multiplexed")]
    private static extern ref readonly bool Multiplexed(MultiplexedStream stream);
}
