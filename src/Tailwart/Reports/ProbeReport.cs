namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart probe --json`.</summary>
public sealed record ProbeReport(int ExitCode, IReadOnlyList<ProbeLine> Results, IReadOnlyList<string>? Warnings = null);
