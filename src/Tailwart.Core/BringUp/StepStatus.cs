namespace Tailwart.Core.BringUp;

/// <summary>What a <see cref="BringUpEvent"/> says about its step.</summary>
public enum StepStatus
{
    Started,
    /// <summary>Still working; the evidence says on what (an attempt, a health flip).</summary>
    Progress,
    /// <summary>Already true of the stack (a re-run resuming); nothing was done.</summary>
    Skipped,
    Succeeded,
    Failed,
    /// <summary>--dry-run: what would be done.</summary>
    WouldRun,
}
