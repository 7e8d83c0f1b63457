namespace Tailwart.Core.Tls;

/// <summary>
/// What a TLS endpoint presented: the leaf's names, issuer, validity, key and fingerprint, and
/// whether its chain validated. <see cref="IsStalwartFallback"/> spots the rcgen self-signed
/// certificate Stalwart serves when it has none for the name (lesson 1's symptom).
/// </summary>
public sealed record ServedCertificate(
    string Subject,
    string Issuer,
    IReadOnlyList<string> SubjectAlternativeNames,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string KeyType,
    string Sha256Fingerprint,
    IReadOnlyList<string> Chain,
    string? ChainProblem)
{
    /// <summary>The DER of what the server presented, leaf first (empty when built from elsewhere).</summary>
    public IReadOnlyList<byte[]> Presented { get; init; } = [];

    public const string FallbackCommonName = "rcgen self signed cert";

    public bool IsStalwartFallback =>
        Subject.Contains(FallbackCommonName, StringComparison.Ordinal) && Issuer.Contains(FallbackCommonName, StringComparison.Ordinal);

    public int DaysLeft(DateTimeOffset now) => (int)Math.Floor((NotAfter - now).TotalDays);
}
