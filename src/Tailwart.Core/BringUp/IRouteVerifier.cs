namespace Tailwart.Core.BringUp;

/// <summary>Proves (or names why not) the Postgres route from the sidecar's netns. Read-only.</summary>
internal interface IRouteVerifier
{
    /// <summary>One escalating check: name, TCP, PostgreSQL protocol, login and <c>SELECT 1</c>.</summary>
    Task<RouteCheck> VerifyAsync(CancellationToken ct = default);
}
