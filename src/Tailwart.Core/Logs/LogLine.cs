namespace Tailwart.Core.Logs;

/// <summary>
/// One line of one service's output. <see cref="Text"/> is capped at <see cref="LogLineParser.MaxChars"/>
/// (then <see cref="Truncated"/> is set), so no single line can blow up memory or a redraw.
/// </summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Service, string Text, LogSeverity Severity, bool Truncated = false)
{
    /// <summary>
    /// What the line costs in memory: its UTF-16 text plus the string and record headers and
    /// references (about 120 bytes on x64). The service name is shared, so it is not counted.
    /// </summary>
    public int Cost => (Text.Length * sizeof(char)) + 120;
}
