namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart logs --json` (without --follow; with it, one LogLineReport per line).</summary>
public sealed record LogsReport(IReadOnlyList<string> Services, IReadOnlyList<LogLineReport> Lines);
