namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart certs --json`: what each port served, the findings, the Let's Encrypt budget, and Stalwart's ACME settings when its API gave them.</summary>
public sealed record CertsReport(int ExitCode, IReadOnlyList<CertObservationLine> Observations, IReadOnlyList<FindingLine> Findings, BudgetLine? Budget, AcmeLine? Acme = null);
