namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart probe --json`. <c>Ports</c>: where the port set came from when none was named (Stalwart's listeners); null when named or assumed (then a warning says so).</summary>
public sealed record ProbeReport(int ExitCode, IReadOnlyList<ProbeLine> Results, IReadOnlyList<string>? Warnings = null, string? Ports = null);
