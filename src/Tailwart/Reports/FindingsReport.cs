namespace Tailwart.Cli.Verbs;

/// <summary>A list of findings as --json shows it, with the exit code it leads to.</summary>
public sealed record FindingsReport(int ExitCode, IReadOnlyList<FindingLine> Findings);
