namespace Tailwart.Core.Guards;

/// <summary>
/// A guard refused an action at once (never queued). The message says what was refused, why,
/// and when the next attempt is allowed; verbs exit 3.
/// </summary>
public sealed class GuardRefusedException(string what, string why, DateTimeOffset nextAllowedAt)
    : ActionRefusedException($"refused: {what}: {why}; next allowed at {nextAllowedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z.")
{
    public string What { get; } = what;
    public string Why { get; } = why;
    public DateTimeOffset NextAllowedAt { get; } = nextAllowedAt;
}
