namespace Tailwart.Core.BringUp;

/// <summary>One observable moment of the bring-up: step, status, time since the bring-up began, and evidence.</summary>
public sealed record BringUpEvent(BringUpStep Step, StepStatus Status, TimeSpan Elapsed, string Evidence, DateTimeOffset At);
