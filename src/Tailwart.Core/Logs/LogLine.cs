using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Tailwart.Core.Logs;

/// <summary>
/// One line of one service's output, stored compactly because the ring buffer holds hundreds of
/// thousands of them: the text as UTF-8 (half the bytes of a string for the usual ASCII) and the
/// time as UTC ticks. <see cref="Text"/> is decoded on each read (only the lines on screen or under
/// a filter are read). The text is capped at <see cref="LogLineParser.MaxChars"/> (then
/// <see cref="Truncated"/> is set), so no single line can blow up memory or a redraw.
/// </summary>
public sealed class LogLine
{
    /// <summary>This object (header and fields) plus the byte array's header, on x64.</summary>
    private const int Overhead = 56 + 24;

    private readonly long _utcTicks;
    private readonly byte[] _utf8;

    public LogLine(DateTimeOffset timestamp, string service, string text, LogSeverity severity, bool truncated = false)
        : this(timestamp.UtcTicks, service, Encoding.UTF8.GetBytes(text), severity, truncated)
    {
    }

    internal LogLine(long utcTicks, string service, byte[] utf8, LogSeverity severity, bool truncated)
    {
        _utcTicks = utcTicks;
        _utf8 = utf8;
        Service = service;
        Severity = severity;
        Truncated = truncated;
    }

    public DateTimeOffset Timestamp => new(_utcTicks, TimeSpan.Zero);

    /// <summary>The service name; one shared string per service, not a copy per line.</summary>
    public string Service { get; }

    public string Text => Encoding.UTF8.GetString(_utf8);

    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>
    /// Whether <paramref name="pattern"/> matches the text, decoded into a pooled buffer rather than
    /// a new string: a filter runs over every line in the buffer on each refresh of a busy log.
    /// </summary>
    public bool IsMatch(Regex pattern)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(_utf8.Length);
        try
        {
            int length = Encoding.UTF8.GetChars(_utf8, chars);
            return pattern.IsMatch(chars.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public LogSeverity Severity { get; }

    public bool Truncated { get; }

    /// <summary>What the line costs in memory: its UTF-8 bytes rounded to the heap's 8, plus <see cref="Overhead"/>.</summary>
    public int Cost => ((_utf8.Length + 7) & ~7) + Overhead;

    internal long UtcTicks => _utcTicks;

    public override string ToString() => $"{Timestamp:O} {Service} {Text}";
}
