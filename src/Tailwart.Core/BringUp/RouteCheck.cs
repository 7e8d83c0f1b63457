namespace Tailwart.Core.BringUp;

/// <summary>One verification of the Postgres route: the level reached, why it stopped (if it did), and what was seen.</summary>
public sealed record RouteCheck(RouteLevel Level, RouteFailure? Failure, string Evidence, TimeSpan Elapsed)
{
    /// <summary>True only after a real login: the one condition that releases Stalwart.</summary>
    public bool IsVerified => Level == RouteLevel.LoginVerified && Failure is null;
}
