namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart bans flush --json`: how the restart-to-flush ended and flushed vs persisted.</summary>
public sealed record FlushReport(int ExitCode, string Status, string Summary, IReadOnlyList<string> Before, IReadOnlyList<string> Flushed, IReadOnlyList<string> Persisted, IReadOnlyList<string> Appeared, IReadOnlyList<string> Evidence);
