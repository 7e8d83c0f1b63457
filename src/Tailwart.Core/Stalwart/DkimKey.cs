namespace Tailwart.Core.Stalwart;

/// <summary>
/// One DKIM signing key as Stalwart is configured with it, the private key never kept: the domain and
/// selector it signs with, its algorithm (<c>rsa</c> or <c>ed25519</c>, the DKIM <c>k=</c> value), the
/// public key as DNS publishes it (<c>p=</c>, base64; RSA as SubjectPublicKeyInfo, Ed25519 the raw 32
/// bytes) and its rotation stage (0.16: Active, Pending, Retiring, Retired; 0.15 has none: Active).
/// </summary>
/// <param name="PublicKey">Null when it cannot be known here; <paramref name="Unreadable"/> says why.</param>
public sealed record DkimKey(string Id, string Domain, string Selector, string Algorithm, string? PublicKey, string Stage, string? Unreadable = null)
{
    /// <summary>The TXT name a verifier looks up.</summary>
    public string RecordName => $"{Selector}._domainkey.{Domain}";

    /// <summary>Stalwart signs with it (0.16 Active and Retiring keys sign; Pending ones wait for DNS; Retired ones no longer sign).</summary>
    public bool Signs => Stage is "Active" or "Retiring";
}
