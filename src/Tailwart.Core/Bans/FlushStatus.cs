namespace Tailwart.Core.Bans;

/// <summary>How a restart-to-flush ended.</summary>
public enum FlushStatus
{

    /// <summary>The route gate did not release: restarting now would start Stalwart into the lesson-1 race. Nothing was restarted.</summary>
    GateRefused,

    /// <summary>Stalwart was restarted but not verified; the ban list was not re-read.</summary>
    RestartNotVerified,

    /// <summary>Restarted, verified, re-read: see flushed vs persisted.</summary>
    Completed,
}
