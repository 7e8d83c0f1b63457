using Tailwart.Core.Logs;

namespace Tailwart.Cli.Verbs;

/// <summary>One log line as --json shows it, with its explanation when it is a known signature.</summary>
public sealed record LogLineReport(DateTimeOffset Time, string Service, string Severity, string Text, string? Signature, int? Lesson, string? Fix)
{
    public static LogLineReport From(LogLine line, bool explain)
    {
        LogSignature? s = explain ? LogSignatureCatalogue.Match(line.Text) : null;
        return new(line.Timestamp, line.Service, line.Severity.ToString().ToLowerInvariant(), line.Text, s?.Id, s?.Lesson, s?.Fix);
    }
}
