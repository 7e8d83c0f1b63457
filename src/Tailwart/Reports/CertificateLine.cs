using Tailwart.Core.Tls;

namespace Tailwart.Cli.Verbs;

/// <summary>A served certificate as --json shows it; <c>certificatesSent</c> counts the leaf and what came with it.</summary>
public sealed record CertificateLine(string Subject, string Issuer, IReadOnlyList<string> Names, DateTimeOffset NotAfter, string KeyType, string Sha256, bool StalwartFallback, string? ChainProblem,
    int CertificatesSent, string? IssuerUrl)
{
    public static CertificateLine From(ServedCertificate c) =>
        new(c.Subject, c.Issuer, c.SubjectAlternativeNames, c.NotAfter, c.KeyType, c.Sha256Fingerprint, c.IsStalwartFallback, c.ChainProblem, c.Presented.Count, c.IssuerUrl);
}
