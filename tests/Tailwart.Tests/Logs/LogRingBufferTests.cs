using Tailwart.Core.Logs;

namespace Tailwart.Tests.Logs;

public sealed class LogRingBufferTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static LogLine Line(int second, string text = "x", string service = "stalwart") =>
        new(T0.AddSeconds(second), service, text, LogSeverity.Info);

    [Fact]
    public void Keeps_at_most_max_lines_and_counts_what_it_dropped()
    {
        var buffer = new LogRingBuffer(maxLines: 3, maxBytes: 1 << 20);

        for (int i = 0; i < 10; i++)
            buffer.Add(Line(i, $"line {i}"));

        Assert.Equal(3, buffer.Count);
        Assert.Equal(7, buffer.Dropped);
        Assert.Equal(["line 7", "line 8", "line 9"], buffer.Snapshot().Select(l => l.Text));
    }

    [Fact]
    public void Keeps_within_max_bytes()
    {
        var buffer = new LogRingBuffer(maxLines: 1000, maxBytes: 4096);

        for (int i = 0; i < 100; i++)
            buffer.Add(Line(i, new string('a', 500)));

        Assert.True(buffer.Bytes <= 4096);
        Assert.True(buffer.Dropped > 90);
        Assert.Equal(T0.AddSeconds(99), buffer.Snapshot()[^1].Timestamp);
    }

    [Fact]
    public void A_late_line_from_another_service_is_placed_in_time_order()
    {
        var buffer = new LogRingBuffer(maxLines: 10, maxBytes: 1 << 20);

        buffer.Add(Line(1, "a1"));
        buffer.Add(Line(3, "a3"));
        buffer.Add(Line(2, "sidecar 2", "ts-stalwart"));

        Assert.Equal(["a1", "sidecar 2", "a3"], buffer.Snapshot().Select(l => l.Text));
    }

    [Fact]
    public void Order_holds_across_the_wrap_of_the_ring()
    {
        var buffer = new LogRingBuffer(maxLines: 4, maxBytes: 1 << 20);
        foreach (int s in new[] { 1, 2, 3, 4, 6, 5, 8, 7 })
            buffer.Add(Line(s, $"{s}"));

        Assert.Equal(["5", "6", "7", "8"], buffer.Snapshot().Select(l => l.Text));
    }

    [Fact]
    public void Version_changes_on_every_add_so_views_redraw_only_then()
    {
        var buffer = new LogRingBuffer(10, 1 << 20);
        long before = buffer.Version;

        buffer.Add(Line(1));

        Assert.NotEqual(before, buffer.Version);
    }

    [Fact]
    public void Snapshot_filters()
    {
        var buffer = new LogRingBuffer(10, 1 << 20);
        buffer.Add(Line(1, "keep me"));
        buffer.Add(Line(2, "drop me"));

        Assert.Equal("keep me", Assert.Single(buffer.Snapshot(l => l.Text.StartsWith("keep", StringComparison.Ordinal))).Text);
    }

    [Fact]
    public void Says_it_changed_once_per_batch_and_once_per_line()
    {
        var buffer = new LogRingBuffer(maxLines: 100, maxBytes: 1 << 20);
        int changes = 0;
        buffer.Changed += () => changes++;

        buffer.AddRange(Enumerable.Range(0, 10).Select(i => Line(i)));
        buffer.AddRange([]);
        buffer.Add(Line(11));

        Assert.Equal(2, changes);
        Assert.Equal(11, buffer.Count);
    }

    [Fact]
    public void A_line_costs_its_utf8_bytes_plus_the_objects_around_them()
    {
        LogLine ascii = Line(0, new string('a', 100));
        LogLine wide = Line(0, new string('é', 100)); // two bytes each in UTF-8

        Assert.Equal(100, ascii.Utf8.Length);
        Assert.Equal(200, wide.Utf8.Length);
        Assert.Equal(200 - 104, wide.Cost - ascii.Cost); // 100 bytes take 104 on the heap (multiples of 8)
        Assert.Equal(new string('é', 100), wide.Text);
    }

    [Fact]
    public void A_pattern_is_matched_against_the_decoded_text()
    {
        LogLine line = Line(0, "Übung für 100.64.0.7: Network is unreachable");

        Assert.True(line.IsMatch(LogQuery.Pattern("übung f.r")));
        Assert.True(line.IsMatch(LogQuery.Pattern(@"100\.64\.\d+\.\d+: network")));
        Assert.False(line.IsMatch(LogQuery.Pattern("reachable$x")));
        Assert.True(new LogQuery { Exclude = LogQuery.Pattern("fur") }.Matches(line)); // 'ü' is not 'u'
    }
}
