using Tailwart.Cli.Verbs;

namespace Tailwart.Cli;

/// <summary>What --json prints when a verb fails before producing its own document.</summary>
public sealed record ErrorReport(string Error, int ExitCode, IReadOnlyList<ProblemLine>? Problems = null);
