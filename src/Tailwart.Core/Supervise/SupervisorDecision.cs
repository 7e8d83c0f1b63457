namespace Tailwart.Core.Supervise;

/// <summary>What the supervisor did about one thing it saw.</summary>
public enum DecisionKind
{
    /// <summary>Started (pid, config, policy).</summary>
    Started,
    /// <summary>Looked, found nothing to do.</summary>
    Healthy,
    /// <summary>Saw something it leaves alone for now (a route lost while Stalwart runs): it looks again later.</summary>
    Watching,
    /// <summary>A gated bring-up or repair ran; the result says how it ended.</summary>
    Repaired,
    /// <summary>A gated bring-up or repair ran and did not verify Stalwart (or the gate refused): it tries again after the back-off.</summary>
    RepairFailed,
    /// <summary>Waits out the back-off before the next repair (a crash loop is not hammered).</summary>
    BackingOff,
    /// <summary>dockerd stopped answering; reconnecting.</summary>
    DockerLost,
    /// <summary>dockerd answers again; the stack is read afresh.</summary>
    DockerBack,
    /// <summary>Stalwart's restart policy was changed (or restored) through the Docker API.</summary>
    RestartPolicy,
    /// <summary>Stopped (signal).</summary>
    Stopped,
}

/// <summary>
/// One decision of the supervisor, as it goes to the audit log, the state file, `--json` and the
/// notifier: when, what it saw, what it did, and the result.
/// </summary>
public sealed record SupervisorDecision(DateTimeOffset At, DecisionKind Kind, string Saw, string Did, string Result)
{
    /// <summary>Whether a person should hear of it (a repair or its failure, dockerd lost): the notifier's filter.</summary>
    public bool Notable => Kind is DecisionKind.Repaired or DecisionKind.RepairFailed or DecisionKind.DockerLost or DecisionKind.RestartPolicy;

    public string Line => $"{Kind}: saw {Saw}; did {Did}; result: {Result}";

    /// <summary>The kind as --json, the state file's readers and the TUI name it (repaired, repair-failed, docker-lost…).</summary>
    public static string NameOf(DecisionKind kind) => kind switch
    {
        DecisionKind.RepairFailed => "repair-failed",
        DecisionKind.BackingOff => "backing-off",
        DecisionKind.DockerLost => "docker-lost",
        DecisionKind.DockerBack => "docker-back",
        DecisionKind.RestartPolicy => "restart-policy",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
