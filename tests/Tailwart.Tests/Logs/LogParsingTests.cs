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

    [Fact]
    public void A_cut_line_is_not_cut_inside_a_character()
    {
        string raw = "x" + new string('é', LogLineParser.MaxChars); // 'é' is two bytes: the cap falls inside one

        var line = LogLineParser.Parse("x", raw, Now);

        Assert.True(line.Truncated);
        Assert.True(line.Utf8.Length <= LogLineParser.MaxChars);
        Assert.DoesNotContain('\uFFFD', line.Text);
        Assert.StartsWith("xéé", line.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00Z 2026-11-25T10:00:00Z ERROR Database error (store.sql-error)", LogSeverity.Error)]
    [InlineData("2026-11-25T10:00:00Z 2026-11-25T10:00:00Z TRACE x", LogSeverity.Trace)]
    [InlineData("2026-11-25T10:00:00Z 2026-11-25T10:00:00Z DEBUG x", LogSeverity.Debug)]
    [InlineData("2026-11-25T10:00:00Z 2026-11-25T10:00:00Z INFOx not a level", LogSeverity.Unknown)]
    [InlineData("2026-11-25T10:00:00Z boot: Connection FAILED to 100.64.0.1", LogSeverity.Error)]
    [InlineData("2026-11-25T10:00:00Z health: warning, slow", LogSeverity.Warn)]
    [InlineData("2026-11-25T10:00:00Z\tINFO tab is not the separator", LogSeverity.Unknown)]
    public void Level_comes_from_stalwarts_second_word_or_else_from_the_usual_words(string raw, LogSeverity expected)
    {
        Assert.Equal(expected, LogLineParser.Parse("x", raw, Now).Severity);
    }

    [Fact]
    public void Bytes_and_string_give_the_same_line()
    {
        const string raw = "2026-11-25T10:00:00.000000001Z 2026-11-25T10:00:00Z WARN Übung \u001b[1mbold\u001b[0m\r";

        var fromString = LogLineParser.Parse("s", raw, Now);
        var fromBytes = LogLineParser.Parse("s", Encoding.UTF8.GetBytes(raw), Now);

        Assert.Equal(fromString.Text, fromBytes.Text);
        Assert.Equal("2026-11-25T10:00:00Z WARN Übung bold", fromBytes.Text);
        Assert.Equal(fromString.Timestamp, fromBytes.Timestamp);
        Assert.Equal(LogSeverity.Warn, fromBytes.Severity);
    }
}
