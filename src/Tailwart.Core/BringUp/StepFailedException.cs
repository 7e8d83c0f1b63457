namespace Tailwart.Core.BringUp;

/// <summary>Ends a bring-up at <see cref="Step"/>; the machine turns it into a <see cref="BringUpResult"/>.</summary>
internal sealed class StepFailedException(BringUpStep step, BringUpOutcome outcome, string message) : Exception(message)
{
    public BringUpStep Step { get; } = step;
    public BringUpOutcome Outcome { get; } = outcome;
}
