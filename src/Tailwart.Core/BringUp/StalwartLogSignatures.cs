namespace Tailwart.Core.BringUp;

/// <summary>
/// Lines Stalwart prints when its PostgreSQL store failed (stalwart.md §5, §8): 0.15 exits after
/// "Failed to read database configuration", 0.16 after "⚠️ Startup failed", a degraded boot logs a
/// config build error with "Failed to create tables"; at runtime store.postgresql-error / pool-error.
/// </summary>
public static class StalwartLogSignatures
{
    private static readonly string[] DbFailure =
    [
        "Failed to read database configuration",
        "Startup failed",
        "Failed to create tables",
        "store.postgresql-error",
        "store.pool-error",
        "error connecting to server",
    ];

    /// <summary>The first DB failure line, or null.</summary>
    public static string? FirstDbFailure(IEnumerable<string> lines) =>
        lines.FirstOrDefault(l => DbFailure.Any(s => l.Contains(s, StringComparison.Ordinal)));
}
