using System.Globalization;
using System.Text;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// Stalwart's console tracer line format on stderr (stalwart.md §5):
/// <c>&lt;RFC3339 UTC&gt; &lt;LEVEL&gt; &lt;description&gt; (&lt;event-id&gt;) key = value, …</c>.
/// Strings are double-quoted with escapes, IPs and numbers bare. No ANSI colours (0.16 Stdout default).
/// Never pass secrets as values.
/// </summary>
internal static class StalwartLog
{
    private static readonly Lock Gate = new();

    public static void Info(string description, string eventId, params (string Key, object? Value)[] kv) =>
        Event("INFO", description, eventId, kv);

    public static void Warn(string description, string eventId, params (string Key, object? Value)[] kv) =>
        Event("WARN", description, eventId, kv);

    public static void Error(string description, string eventId, params (string Key, object? Value)[] kv) =>
        Event("ERROR", description, eventId, kv);

    public static void Event(string level, string description, string eventId, (string Key, object? Value)[] kv)
    {
        var sb = new StringBuilder();
        sb.Append(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        sb.Append(' ').Append(level).Append(' ').Append(description).Append(" (").Append(eventId).Append(')');
        for (var i = 0; i < kv.Length; i++)
        {
            sb.Append(i == 0 ? " " : ", ").Append(kv[i].Key).Append(" = ").Append(Format(kv[i].Value));
        }
        Plain(sb.ToString());
    }

    /// <summary>A raw stderr line, as printed before tracers run (boot failures).</summary>
    public static void Plain(string line)
    {
        lock (Gate)
        {
            Console.Error.WriteLine(line);
            Console.Error.Flush();
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        IEnumerable<string> list => "[" + string.Join(", ", list.Select(Quote)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal) + "\"";
}
