namespace Tailwart.Core.Lint;

/// <summary>
/// Lesson 1 at boot: dockerd starts every container whose restart policy says so when the box boots
/// or dockerd restarts, and again after each crash, ignoring depends_on and healthchecks, so a
/// Stalwart with unless-stopped, always or on-failure starts into the race the gate prevents.
/// </summary>
public static class RestartRules
{
    public const string LintId = "lint.stalwart-restart-policy";

    /// <summary>Whether dockerd starts a container with this policy by itself (compose's spelling or Docker's; unset is "no").</summary>
    public static bool LetsDockerdStart(string? policy) =>
        policy?.Trim().Trim('"', '\'') is { } p && (p is "always" or "unless-stopped" || p.StartsWith("on-failure", StringComparison.Ordinal));

    public static string Fix(string stalwart) =>
        $"Set restart: \"no\" on {stalwart} in compose and let `tailwart supervise` (the systemd unit) own its restarts: it starts Stalwart at boot and after a crash only through the gate (a verified PostgreSQL login from the sidecar's netns). `tailwart supervise --apply-restart-policy` sets \"no\" on the existing container through the Docker API meanwhile. Keep the sidecar's own restart policy.";
}
