namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart certs --json`: what each port served, the findings, and the Let's Encrypt budget.</summary>
public sealed record CertsReport(int ExitCode, IReadOnlyList<CertObservationLine> Observations, IReadOnlyList<FindingReport> Findings, BudgetLine? Budget);
