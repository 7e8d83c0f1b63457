using Tailwart.Core.BringUp;

namespace Tailwart.Cli.Verbs;

/// <summary>A route check as --json shows it.</summary>
public sealed record RouteLine(RouteLevel Level, RouteFailure? Failure, bool Verified, string Evidence, double ElapsedMs)
{
    public static RouteLine? From(RouteCheck? c) =>
        c is null ? null : new(c.Level, c.Failure, c.IsVerified, c.Evidence, Math.Round(c.Elapsed.TotalMilliseconds));
}
