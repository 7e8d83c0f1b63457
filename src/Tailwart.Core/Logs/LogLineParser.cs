using System.Globalization;
using System.Text.RegularExpressions;

namespace Tailwart.Core.Logs;

/// <summary>
/// Turns one raw line from Docker (<c>--timestamps</c> prefix, then the container's text) into a
/// <see cref="LogLine"/>: strips ANSI colour (Stalwart 0.15's console tracer defaults to it),
/// reads the level of Stalwart's <c>&lt;RFC3339&gt; &lt;LEVEL&gt; description (event-id) k = v</c> format,
/// and caps very long lines.
/// </summary>
public static partial class LogLineParser
{
    /// <summary>Longer lines are cut here; a log line this long is a dump, not a message.</summary>
    public const int MaxChars = 16 * 1024;

    public static LogLine Parse(string service, string raw, DateTimeOffset fallbackTime)
    {
        DateTimeOffset timestamp = fallbackTime;
        string text = raw.TrimEnd('\r');
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && space <= 40 && DateTimeOffset.TryParse(text.AsSpan(0, space), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset docker))
        {
            timestamp = docker;
            text = text[(space + 1)..];
        }
        bool truncated = text.Length > MaxChars;
        if (truncated)
            text = text[..MaxChars];
        if (text.Contains('\u001b', StringComparison.Ordinal))
            text = Ansi().Replace(text, "");
        return new LogLine(timestamp, service, text, SeverityOf(text), truncated);
    }

    /// <summary>Stalwart puts the level second; other services get a guess from the usual words.</summary>
    public static LogSeverity SeverityOf(string text)
    {
        Match m = StalwartPrefix().Match(text);
        if (m.Success)
        {
            return m.Groups[1].ValueSpan switch
            {
                "TRACE" => LogSeverity.Trace,
                "DEBUG" => LogSeverity.Debug,
                "INFO" => LogSeverity.Info,
                "WARN" => LogSeverity.Warn,
                _ => LogSeverity.Error,
            };
        }
        ReadOnlySpan<char> head = text.AsSpan(0, Math.Min(text.Length, 200));
        if (head.Contains("error", StringComparison.OrdinalIgnoreCase) || head.Contains("failed", StringComparison.OrdinalIgnoreCase) || head.Contains("fatal", StringComparison.OrdinalIgnoreCase))
            return LogSeverity.Error;
        if (head.Contains("warn", StringComparison.OrdinalIgnoreCase))
            return LogSeverity.Warn;
        return LogSeverity.Unknown;
    }

    [GeneratedRegex(@"^\S+ (TRACE|DEBUG|INFO|WARN|ERROR) ")]
    private static partial Regex StalwartPrefix();

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();
}
