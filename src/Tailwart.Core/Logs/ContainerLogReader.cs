using System.Globalization;
using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Tailwart.Core.Logs;

/// <summary>
/// Reads one container's log through Docker.DotNet (multiplexed stdout/stderr framing, as for
/// containers without a TTY) with Docker's timestamps, so lines of several services can be
/// merged in time order. Tail-first: the last <c>tail</c> lines, then (with follow) new ones.
/// Lines come in batches, one per read from the stream, so a consumer can store them under one lock.
/// </summary>
public sealed class ContainerLogReader(IDockerClient docker)
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
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = follow,
            Tail = since is null ? tail.ToString(CultureInfo.InvariantCulture) : "all",
            Since = since is DateTimeOffset s ? (s.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture) : null,
        };
        using MultiplexedStream stream = await docker.Containers.GetContainerLogsAsync(containerId, parameters, ct).ConfigureAwait(false);
        await foreach (IReadOnlyList<LogLine> batch in ReadBatchesAsync(service, stream, since, time, ct).ConfigureAwait(false))
            yield return batch;
    }

    /// <summary>The lines of an open log stream, a batch per read; lines not after <paramref name="since"/> are skipped.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadBatchesAsync(
        string service, MultiplexedStream stream, DateTimeOffset? since, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var stdout = new LineSplitter();
        var stderr = new LineSplitter();
        byte[] buffer = new byte[64 * 1024];
        var batch = new List<LogLine>();
        DateTimeOffset now = time.GetUtcNow();
        void Take(ReadOnlySpan<byte> raw)
        {
            LogLine line = LogLineParser.Parse(service, raw, now);
            // `since` has one-second resolution in the API: skip what the caller already has.
            if (since is null || line.Timestamp > since)
                batch.Add(line);
        }
        LineSplitter.LineHandler take = Take; // one delegate for the whole stream, not one per frame
        if (RawFrames(stream) is { } raw)
        {
            // Docker.DotNet hands out one frame per read (two reads of its stream per log line):
            // read the frames underneath in large blocks instead.
            var decoder = new DockerFrameDecoder();
            DockerFrameDecoder.PayloadHandler payload = (toStderr, bytes) => (toStderr ? stderr : stdout).Feed(bytes, take);
            int held = 0; // the start of a header cut by the previous read
            while (true)
            {
                int read = await raw.ReadAsync(buffer.AsMemory(held), ct).ConfigureAwait(false);
                if (read == 0)
                    break;
                now = time.GetUtcNow();
                int used = decoder.Decode(buffer.AsSpan(0, held + read), payload);
                held = held + read - used;
                buffer.AsSpan(used, held).CopyTo(buffer);
                if (batch.Count > 0)
                {
                    yield return batch;
                    batch = [];
                }
            }
        }
        else
        {
            while (true)
            {
                MultiplexedStream.ReadResult read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                if (read.EOF)
                    break;
                now = time.GetUtcNow();
                LineSplitter splitter = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
                splitter.Feed(buffer.AsSpan(0, read.Count), take);
                if (batch.Count > 0)
                {
                    yield return batch;
                    batch = [];
                }
            }
        }
        now = time.GetUtcNow();
        stdout.Flush(take);
        stderr.Flush(take);
        if (batch.Count > 0)
            yield return batch;
    }

    /// <summary>
    /// The multiplexed stream underneath <paramref name="stream"/>, or null when it is not
    /// multiplexed (a TTY container) or this Docker.DotNet keeps it elsewhere (then its own
    /// per-frame reads are used). Docker.DotNet.Enhanced 4.3.3 keeps it in private fields.
    /// </summary>
    private static Stream? RawFrames(MultiplexedStream stream)
    {
        try
        {
            return Multiplexed(stream) ? Inner(stream) : null;
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
