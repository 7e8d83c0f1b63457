namespace Tailwart.Core.BringUp;

/// <summary>The end of a bring-up: outcome, the step that failed (if any), a message, every event, and the last route check.</summary>
public sealed record BringUpResult(
    BringUpOutcome Outcome,
    BringUpStep? FailedStep,
    string Message,
    IReadOnlyList<BringUpEvent> Events,
    RouteCheck? Route,
    DateTimeOffset? RouteVerifiedAt,
    DateTimeOffset? StalwartStartedAt);
