using Tailwart.Core.Supervise;

namespace Tailwart.Cli.Verbs;

/// <summary>The supervisor as `status --json` shows it.</summary>
public sealed record SupervisorLine(bool Running, int? Pid, DateTimeOffset? Since, DateTimeOffset? StoppedAt, int Repairs, string Summary, IReadOnlyList<DecisionReport> LastDecisions)
{
    public static SupervisorLine From(SupervisorStatus s) => new(s.Running, s.State?.Pid, s.State?.Since, s.State?.StoppedAt, s.State?.Repairs ?? 0, s.Summary,
        s.State is { } state ? [.. state.Decisions.TakeLast(5).Select(DecisionReport.From)] : []);
}
