namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart bans allow-fix --json`: what was added and what the re-read still misses.</summary>
public sealed record AllowFixReport(int ExitCode, string Path, bool Verified, IReadOnlyList<string> Added, IReadOnlyList<string> StillMissing);
