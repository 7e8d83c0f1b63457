using Tailwart.Core.Checks;

namespace Tailwart.Core.Diagnosis;

/// <summary>One look at the running stack: what was seen, and what is wrong with it.</summary>
public sealed record StackDiagnosisResult(StackEvidence Evidence, IReadOnlyList<Finding> Findings)
{
    /// <summary>True when nothing is wrong (no warning, no failure): `status` exits 0 only then.</summary>
    public bool Healthy => !Findings.Any(f => f.Severity >= Severity.Warning);

    /// <summary>The findings about one service, for the services pane's row.</summary>
    public IReadOnlyList<Finding> For(string service, DiagnosisOptions options)
    {
        bool Mine(Finding f) => service == options.SidecarService
            ? f.Id is FindingIds.SidecarDown or FindingIds.TailnetDown or FindingIds.MagicDnsDown or FindingIds.RouteNotVerified
            : service == options.EdgeService
                ? f.Id == FindingIds.EdgeUnverified
                : service == options.StalwartService && f.Severity >= Severity.Warning
                    && f.Id is not (FindingIds.SidecarDown or FindingIds.TailnetDown or FindingIds.MagicDnsDown or FindingIds.RouteNotVerified or FindingIds.EdgeUnverified or FindingIds.ServiceMissing);
        return Findings.Where(Mine).ToList();
    }
}
