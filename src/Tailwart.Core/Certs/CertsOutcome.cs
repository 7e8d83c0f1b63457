using Tailwart.Core.Acme;
using Tailwart.Core.Checks;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Certs;

/// <summary>Everything `tailwart certs` and the Certs pane show: what was served, the findings, and the budget.</summary>
public sealed record CertsOutcome(
    IReadOnlyList<CertObservation> Observations,
    IReadOnlyList<Finding> Findings,
    BudgetAssessment? Budget,
    IssuanceHistory? History,
    bool SweepRefused)
{
    /// <summary>Stalwart's ACME settings when its API gave them.</summary>
    public AcmeSettings? Acme { get; init; }
}
