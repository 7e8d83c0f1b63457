namespace Tailwart.Core.Logs;

/// <summary>
/// One line of one service's output. <see cref="Text"/> is capped at <see cref="LogLineParser.MaxChars"/>
/// (then <see cref="Truncated"/> is set), so no single line can blow up memory or a redraw.
/// </summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Service, string Text, LogSeverity Severity, bool Truncated = false)
{
    /// <summary>What the line costs in the ring buffer (UTF-16 text plus a fixed overhead).</summary>
    public int Cost => (Text.Length * sizeof(char)) + Service.Length + 64;
}
