using Tailwart.Core.BringUp;

namespace Tailwart.Cli.Verbs;

/// <summary>One bring-up event as --json shows it.</summary>
public sealed record BringUpEventLine(BringUpStep Step, StepStatus Status, double ElapsedSeconds, string Evidence, DateTimeOffset At)
{
    public static BringUpEventLine From(BringUpEvent e) => new(e.Step, e.Status, Math.Round(e.Elapsed.TotalSeconds, 3), e.Evidence, e.At);
}
