using Tailwart.Core.Probes;

namespace Tailwart.Cli.Verbs;

/// <summary>One probe (or refusal) as --json shows it.</summary>
public sealed record ProbeLine(
    string Path, string Host, int Port, string Outcome, string Summary,
    double? LatencyMs = null, string? Banner = null, CertificateLine? Certificate = null, DateTimeOffset? NextAllowedAt = null)
{
    public static ProbeLine From(ProbeResult r) => new(
        r.Path, r.Host, r.Port,
        r.Banned ? "banned" : r.Reachable ? "ok" : "unreachable",
        r.Summary, Math.Round(r.Latency.TotalMilliseconds, 1), r.Banner,
        r.Certificate is null ? null : CertificateLine.From(r.Certificate));
}
