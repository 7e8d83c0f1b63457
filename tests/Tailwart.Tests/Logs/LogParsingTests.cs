using System.Text;
using Tailwart.Core.Logs;

namespace Tailwart.Tests.Logs;

public sealed class LogParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Docker_timestamp_prefix_becomes_the_line_time_and_stalwart_level_is_read()
    {
        var line = LogLineParser.Parse("stalwart", "2026-11-25T10:00:00.123456789Z 2026-11-25T10:00:00Z WARN No certificates available (tls.no-certificates-available)", Now);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4568), line.Timestamp);
        Assert.Equal(LogSeverity.Warn, line.Severity);
        Assert.StartsWith("2026-11-25T10:00:00Z WARN", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ansi_colour_is_stripped()
    {
        var line = LogLineParser.Parse("stalwart", "\u001b[32mINFO\u001b[0m hello", Now);

        Assert.Equal("INFO hello", line.Text);
        Assert.Equal(Now, line.Timestamp);
    }

    [Fact]
    public void Very_long_lines_are_capped_and_marked()
    {
        var line = LogLineParser.Parse("x", new string('z', LogLineParser.MaxChars * 3), Now);

        Assert.True(line.Truncated);
        Assert.Equal(LogLineParser.MaxChars, line.Text.Length);
    }

    [Fact]
    public void Splitter_keeps_a_utf8_character_split_across_reads_whole()
    {
        var splitter = new LineSplitter();
        byte[] bytes = Encoding.UTF8.GetBytes("⚠️ Startup failed\nnext\n");

        var lines = splitter.Feed(bytes.AsSpan(0, 2)).Concat(splitter.Feed(bytes.AsSpan(2))).ToList();

        Assert.Equal(["⚠️ Startup failed", "next"], lines);
    }

    [Fact]
    public void Splitter_cuts_a_line_that_never_ends_and_skips_its_rest()
    {
        var splitter = new LineSplitter(maxLineBytes: 10);

        var lines = splitter.Feed("0123456789abcdef"u8).Concat(splitter.Feed("ghij\nok\n"u8)).ToList();

        Assert.Equal(["0123456789", "ok"], lines);
    }

    [Fact]
    public void Splitter_returns_the_unterminated_rest_on_flush()
    {
        var splitter = new LineSplitter();

        Assert.Empty(splitter.Feed("partial"u8));
        Assert.Equal("partial", splitter.Flush());
        Assert.Null(splitter.Flush());
    }
}
