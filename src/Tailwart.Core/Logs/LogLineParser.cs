using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tailwart.Core.Logs;

/// <summary>
/// Turns one raw line from Docker (<c>--timestamps</c> prefix, then the container's text) into a
/// <see cref="LogLine"/>: strips ANSI colour (Stalwart 0.15's console tracer defaults to it),
/// reads the level of Stalwart's <c>&lt;RFC3339&gt; &lt;LEVEL&gt; description (event-id) k = v</c> format,
/// and caps very long lines. Works on the UTF-8 bytes as they came (this runs for every line of
/// a chatty server): the timestamp is read by <see cref="DockerTimestamp"/>, the level by hand.
/// </summary>
public static partial class LogLineParser
{
    /// <summary>Longer lines (counted in UTF-8 bytes) are cut here; a log line this long is a dump, not a message.</summary>
    public const int MaxChars = 16 * 1024;

    /// <summary>Lines of other services are searched this far for words that give the level away.</summary>
    private const int GuessWithin = 200;

    /// <summary>What ends the first word (regex <c>\S+</c>), in ASCII.</summary>
    private static readonly SearchValues<byte> WhiteSpace = SearchValues.Create(" \t\n\v\f\r"u8);

    public static LogLine Parse(string service, string raw, DateTimeOffset fallbackTime) =>
        Parse(service, Encoding.UTF8.GetBytes(raw), fallbackTime);

    public static LogLine Parse(string service, ReadOnlySpan<byte> raw, DateTimeOffset fallbackTime)
    {
        ReadOnlySpan<byte> text = raw.TrimEnd((byte)'\r');
        long utcTicks = fallbackTime.UtcTicks;
        int space = text.IndexOf((byte)' ');
        if (space > 0 && space <= 40 && TryTimestamp(text[..space], out long parsed))
        {
            utcTicks = parsed;
            text = text[(space + 1)..];
        }
        bool truncated = text.Length > MaxChars;
        if (truncated)
            text = text[..CharBoundary(text, MaxChars)];
        byte[] utf8 = text.Contains((byte)0x1b) ? Encoding.UTF8.GetBytes(Ansi().Replace(Encoding.UTF8.GetString(text), "")) : text.ToArray();
        return new LogLine(utcTicks, service, utf8, SeverityOf(utf8), truncated);
    }

    /// <summary>Stalwart puts the level second; other services get a guess from the usual words.</summary>
    public static LogSeverity SeverityOf(string text) => SeverityOf(Encoding.UTF8.GetBytes(text));

    private static LogSeverity SeverityOf(ReadOnlySpan<byte> text)
    {
        if (StalwartLevel(text) is { } level)
            return level;
        Span<char> head = stackalloc char[GuessWithin];
        head = head[..Encoding.UTF8.GetChars(text[..Math.Min(text.Length, GuessWithin)], head)];
        if (head.Contains("error", StringComparison.OrdinalIgnoreCase) || head.Contains("failed", StringComparison.OrdinalIgnoreCase) || head.Contains("fatal", StringComparison.OrdinalIgnoreCase))
            return LogSeverity.Error;
        if (head.Contains("warn", StringComparison.OrdinalIgnoreCase))
            return LogSeverity.Warn;
        return LogSeverity.Unknown;
    }

    /// <summary>The level of <c>&lt;one word&gt; &lt;LEVEL&gt; …</c> (Stalwart's own timestamp, then the level), or null.</summary>
    private static LogSeverity? StalwartLevel(ReadOnlySpan<byte> text)
    {
        int word = text.IndexOfAny(WhiteSpace);
        if (word <= 0 || text[word] != ' ')
            return null;
        ReadOnlySpan<byte> rest = text[(word + 1)..];
        int end = rest.IndexOf((byte)' ');
        return end < 0 ? null : rest[..end] switch
        {
            var l when l.SequenceEqual("INFO"u8) => LogSeverity.Info,
            var l when l.SequenceEqual("WARN"u8) => LogSeverity.Warn,
            var l when l.SequenceEqual("ERROR"u8) => LogSeverity.Error,
            var l when l.SequenceEqual("DEBUG"u8) => LogSeverity.Debug,
            var l when l.SequenceEqual("TRACE"u8) => LogSeverity.Trace,
            _ => null,
        };
    }

    /// <summary>Docker's RFC 3339 time, by hand; anything unusual goes to the framework's parser.</summary>
    private static bool TryTimestamp(ReadOnlySpan<byte> token, out long utcTicks)
    {
        if (DockerTimestamp.TryParse(token, out utcTicks))
            return true;
        Span<char> chars = stackalloc char[token.Length];
        int n = Encoding.UTF8.GetChars(token, chars);
        bool ok = DateTimeOffset.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset other);
        utcTicks = ok ? other.UtcTicks : 0;
        return ok;
    }

    /// <summary>The largest length ≤ <paramref name="max"/> that does not cut a UTF-8 character.</summary>
    private static int CharBoundary(ReadOnlySpan<byte> text, int max)
    {
        int cut = max;
        while (cut > 0 && (text[cut] & 0xC0) == 0x80)
            cut--;
        return cut;
    }

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();
}
