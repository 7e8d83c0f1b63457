using Tailwart.Core.BringUp;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart up --json`: the outcome, every event, the last route check and the gate's timestamps.</summary>
public sealed record UpReport(
    BringUpOutcome Outcome,
    int ExitCode,
    string Message,
    BringUpStep? FailedStep,
    RouteLine? Route,
    DateTimeOffset? RouteVerifiedAt,
    DateTimeOffset? StalwartStartedAt,
    IReadOnlyList<BringUpEventLine> Events)
{
    /// <summary>What the stack diagnosis found on a running stack before this run acted (empty on a fresh bring-up).</summary>
    public IReadOnlyList<FindingLine> Found { get; init; } = [];
}
