namespace Tailwart.Core.Checks;

/// <summary>Whether a check ran to its end, ran out of time, or broke.</summary>
public enum CheckOutcome
{
    Completed,
    TimedOut,
    Crashed,
}
