using System.Buffers.Binary;
using System.Text;
using Docker.DotNet;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Logs;

namespace Tailwart.Tests.Logs;

/// <summary>Docker's multiplexed log framing (8-byte header per frame) read into lines, from memory.</summary>
public sealed class ContainerLogReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static byte[] Frame(byte target, string payload)
    {
        byte[] body = Encoding.UTF8.GetBytes(payload);
        byte[] frame = new byte[8 + body.Length];
        frame[0] = target;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)body.Length);
        body.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<List<IReadOnlyList<LogLine>>> ReadAsync(DateTimeOffset? since, params byte[][] frames)
    {
        using var stream = new MultiplexedStream(new MemoryStream(frames.SelectMany(f => f).ToArray()), multiplexed: true);
        var batches = new List<IReadOnlyList<LogLine>>();
        await foreach (IReadOnlyList<LogLine> batch in ContainerLogReader.ReadBatchesAsync("stalwart", stream, since, new FakeTimeProvider(T0)))
            batches.Add(batch);
        return batches;
    }

    [Fact]
    public async Task Stdout_and_stderr_lines_keep_their_own_partial_lines_and_times()
    {
        var batches = await ReadAsync(null,
            Frame(1, "2026-11-25T10:00:01.5Z 2026-11-25T10:00:01Z INFO out one\n2026-11-25T10:00:02Z out t"),
            Frame(2, "2026-11-25T10:00:03Z err ERROR-ish failed\n"),
            Frame(1, "wo\n"),
            Frame(2, "2026-11-25T10:00:04Z no newline at the end"));

        List<LogLine> lines = batches.SelectMany(b => b).ToList();
        Assert.Equal(["2026-11-25T10:00:01Z INFO out one", "err ERROR-ish failed", "out two", "no newline at the end"], lines.Select(l => l.Text));
        Assert.Equal([T0.AddSeconds(1.5), T0.AddSeconds(3), T0.AddSeconds(2), T0.AddSeconds(4)], lines.Select(l => l.Timestamp));
        Assert.Equal([LogSeverity.Info, LogSeverity.Error, LogSeverity.Unknown, LogSeverity.Unknown], lines.Select(l => l.Severity));
        Assert.All(lines, l => Assert.Equal("stalwart", l.Service));
    }

    [Fact]
    public async Task A_read_with_many_lines_comes_as_one_batch()
    {
        string many = string.Concat(Enumerable.Range(0, 50).Select(i => $"2026-11-25T10:00:{i % 60:00}Z line {i}\n"));

        var batches = await ReadAsync(null, Frame(1, many));

        Assert.Equal(50, Assert.Single(batches).Count);
    }

    [Fact]
    public async Task Lines_not_after_since_are_skipped()
    {
        var batches = await ReadAsync(T0.AddSeconds(2), Frame(1, "2026-11-25T10:00:01Z old\n2026-11-25T10:00:02Z same second\n2026-11-25T10:00:02.5Z new\n"));

        Assert.Equal(["new"], batches.SelectMany(b => b).Select(l => l.Text));
    }

    [Fact]
    public async Task A_tty_container_s_unframed_stream_is_read_as_stdout()
    {
        byte[] raw = Encoding.UTF8.GetBytes("2026-11-25T10:00:01Z one\r\n2026-11-25T10:00:02Z two\n");
        using var stream = new MultiplexedStream(new MemoryStream(raw), multiplexed: false);
        var lines = new List<LogLine>();

        await foreach (IReadOnlyList<LogLine> batch in ContainerLogReader.ReadBatchesAsync("caddy", stream, null, new FakeTimeProvider(T0)))
            lines.AddRange(batch);

        Assert.Equal(["one", "two"], lines.Select(l => l.Text));
        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(2)], lines.Select(l => l.Timestamp));
    }

    [Fact]
    public async Task A_raw_body_read_a_few_bytes_at_a_time_keeps_headers_and_lines_whole()
    {
        // given: a multiplexed body that arrives 3 bytes per read, so frame headers and lines are cut
        byte[] body = [.. Frame(1, "2026-11-25T10:00:01Z one\n"), .. Frame(2, "2026-11-25T10:00:02Z two\n"), .. Frame(1, "2026-11-25T10:00:03Z three\n")];
        var lines = new List<LogLine>();

        // when
        await foreach (IReadOnlyList<LogLine> batch in ContainerLogReader.ReadBatchesAsync("stalwart", new TrickleStream(body, 3), multiplexed: true, null, new FakeTimeProvider(T0)))
            lines.AddRange(batch);

        // then
        Assert.Equal(["one", "two", "three"], lines.Select(l => l.Text));
        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(2), T0.AddSeconds(3)], lines.Select(l => l.Timestamp));
    }

    [Fact]
    public async Task A_raw_body_of_a_tty_container_is_read_as_plain_output()
    {
        byte[] body = Encoding.UTF8.GetBytes("2026-11-25T10:00:01Z one\r\n2026-11-25T10:00:02Z two\n");
        var lines = new List<LogLine>();

        await foreach (IReadOnlyList<LogLine> batch in ContainerLogReader.ReadBatchesAsync("caddy", new TrickleStream(body, 5), multiplexed: false, null, new FakeTimeProvider(T0)))
            lines.AddRange(batch);

        Assert.Equal(["one", "two"], lines.Select(l => l.Text));
    }

    /// <summary>A stream that hands out at most <c>step</c> bytes per read, as a socket may.</summary>
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, step)], cancellationToken);
    }
}
