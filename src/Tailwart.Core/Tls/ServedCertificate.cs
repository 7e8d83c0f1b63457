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

    /// <summary>Where the leaf says its issuer's certificate is published (AIA caIssuers), when it says so.</summary>
    public string? IssuerUrl { get; init; }

    /// <summary>
    /// The server sent the leaf alone and its issuer could not be found, although the leaf names where
    /// that issuer is published: a public CA's intermediate left out (cert.pem imported instead of
    /// fullchain.pem). A private CA's leaf, which names no such URL, stays a plain untrusted chain.
    /// </summary>
    public bool MissingIntermediate =>
        Presented.Count == 1 && IssuerUrl is not null && ChainProblem?.Contains("PartialChain", StringComparison.Ordinal) == true;

    public const string FallbackCommonName = "rcgen self signed cert";

    public bool IsStalwartFallback =>
        Subject.Contains(FallbackCommonName, StringComparison.Ordinal) && Issuer.Contains(FallbackCommonName, StringComparison.Ordinal);

    public int DaysLeft(DateTimeOffset now) => (int)Math.Floor((NotAfter - now).TotalDays);
}
