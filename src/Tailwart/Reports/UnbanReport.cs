namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart bans unban --json`: what the re-read shows after the delete and reload.</summary>
public sealed record UnbanReport(int ExitCode, string Path, bool Verified, IReadOnlyList<string> Removed, IReadOnlyList<string> StillListed, IReadOnlyList<string> NotFound,
    string? AdminPortFromBox, bool StillBlockedInMemory);
