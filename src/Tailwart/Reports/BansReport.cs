namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart bans --json`: the server, the path used, the bans with highlights, the allow-list audit, the admin-port check and the findings.</summary>
public sealed record BansReport(
    int ExitCode,
    string Generation,
    string? Version,
    string GenerationEvidence,
    string Path,
    IReadOnlyList<BanLine> Bans,
    bool Truncated,
    long? Omitted,
    IReadOnlyList<string> AllowListRequired,
    IReadOnlyList<string> AllowListMissing,
    string? AdminPort,
    IReadOnlyList<FindingLine> Findings);
