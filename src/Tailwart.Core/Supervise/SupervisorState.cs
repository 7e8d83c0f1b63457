namespace Tailwart.Core.Supervise;

/// <summary>
/// What a running supervisor tells everyone else (status, doctor, the TUI): its pid, since when it
/// runs, its restart-policy change if it made one, and its last decisions. <see cref="StoppedAt"/>
/// is set when it stops cleanly; a pid that no longer runs without it means it died.
/// </summary>
public sealed record SupervisorState
{
    public int Pid { get; init; }
    public DateTimeOffset Since { get; init; }
    public DateTimeOffset Updated { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public int Repairs { get; init; }

    /// <summary>Stalwart's restart policy before `--apply-restart-policy` changed it (for `--restore-restart-policy`); null when it changed nothing.</summary>
    public string? PreviousRestartPolicy { get; init; }

    public IReadOnlyList<SupervisorDecision> Decisions { get; init; } = [];
}

/// <summary>The state as a reader sees it: whether the recorded supervisor still runs, and what it last did.</summary>
public sealed record SupervisorStatus(bool Running, SupervisorState? State, string Summary)
{
    public SupervisorDecision? Last => State is { Decisions.Count: > 0 } s ? s.Decisions[^1] : null;
}
