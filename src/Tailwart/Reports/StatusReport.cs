namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart status --json`. <see cref="Stack"/> is the stack diagnosis (the same findings the
/// doctor, the services pane and `up` act on); <see cref="Healthy"/> is false whenever one holds.
/// </summary>
public sealed record StatusReport(string Project, IReadOnlyList<ServiceLine> Services, IReadOnlyList<string> Missing, RouteLine? Route, IReadOnlyList<FindingLine> Findings)
{
    public bool Healthy { get; init; }
    public IReadOnlyList<FindingLine> Stack { get; init; } = [];

    /// <summary>Whether a supervisor runs, since when, and its last decisions (supervise.json).</summary>
    public SupervisorLine? Supervisor { get; init; }
    public string? Tailnet { get; init; }
    public int? StalwartSessions { get; init; }
    public string? Store { get; init; }
}
