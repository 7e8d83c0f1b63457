namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart bans allow-fix --json`: what was added, what the re-read still misses, Stalwart's error when it refused, and the admin-port effect check.</summary>
public sealed record AllowFixReport(int ExitCode, string Path, bool Verified, IReadOnlyList<string> Added, IReadOnlyList<string> StillMissing, string? StalwartError, string? AdminPortFromBox, IReadOnlyList<string> ReloadWarnings);
