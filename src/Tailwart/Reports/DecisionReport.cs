using Tailwart.Core.Supervise;

namespace Tailwart.Cli.Verbs;

/// <summary>One supervisor decision as a JSON line of `tailwart supervise --json`.</summary>
public sealed record DecisionReport(DateTimeOffset At, string Kind, string Saw, string Did, string Result)
{
    public static DecisionReport From(SupervisorDecision d) => new(d.At, Name(d.Kind), d.Saw, d.Did, d.Result);

    /// <summary>started, healthy, watching, repaired, repair-failed, backing-off, docker-lost, docker-back, restart-policy, stopped.</summary>
    public static string Name(DecisionKind kind) => SupervisorDecision.NameOf(kind);
}
