namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart config check --json`.</summary>
public sealed record ConfigReport(string File, bool Valid, int Errors, int Warnings, IReadOnlyList<ProblemLine> Problems);
