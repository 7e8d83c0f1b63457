namespace Tailwart.Core.BringUp;

/// <summary>How a bring-up ended.</summary>
public enum BringUpOutcome
{
    /// <summary>Released after a verified login, and Stalwart verified.</summary>
    Verified,
    /// <summary>A step failed (sidecar never healthy, Stalwart looping, Docker error…).</summary>
    Failed,
    /// <summary>The route was never verified before the deadline; Stalwart was not started.</summary>
    GateRefused,
    /// <summary>--dry-run: nothing was changed.</summary>
    DryRun,
}
