namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart status --json`.</summary>
public sealed record StatusReport(string Project, IReadOnlyList<ServiceReport> Services, IReadOnlyList<string> Missing, RouteReport? Route, IReadOnlyList<FindingReport> Findings);
