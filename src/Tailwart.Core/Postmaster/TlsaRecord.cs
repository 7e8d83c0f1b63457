using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// A TLSA record (RFC 6698 §2) and whether it matches a served chain as an SMTP client applies it
/// (RFC 7672 §3.1): DANE-EE (3) against the leaf, DANE-TA (2) against a certificate the server
/// presented above the leaf; PKIX-TA/PKIX-EE (0, 1) are unusable for SMTP and never match.
/// </summary>
public sealed record TlsaRecord(int Usage, int Selector, int MatchingType, string Data)
{
    public static TlsaRecord? Parse(string text)
    {
        string[] f = text.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        return f.Length == 4 && int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int u)
            && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int s)
            && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            ? new TlsaRecord(u, s, m, f[3].Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()) : null;
    }

    public bool IsDaneEe => Usage == 3;

    public bool IsDaneTa => Usage == 2;

    /// <summary>Whether this record authenticates the chain (DER, leaf first) the server presented.</summary>
    public bool Matches(IReadOnlyList<byte[]> presented)
    {
        if (presented.Count == 0)
            return false;
        IEnumerable<byte[]> candidates = Usage switch
        {
            3 => presented.Take(1),
            2 => presented.Skip(1),
            _ => [],
        };
        return candidates.Any(der => string.Equals(Associate(der, Selector, MatchingType), Data, StringComparison.Ordinal));
    }

    /// <summary>The association data for a certificate, upper-case hex; null for an unknown selector or matching type.</summary>
    public static string? Associate(byte[] der, int selector, int matchingType)
    {
        byte[] content;
        if (selector == 0)
            content = der;
        else if (selector == 1)
        {
            using var cert = X509CertificateLoader.LoadCertificate(der);
            content = cert.PublicKey.ExportSubjectPublicKeyInfo();
        }
        else
            return null;
        return matchingType switch
        {
            0 => Convert.ToHexString(content),
            1 => Convert.ToHexString(SHA256.HashData(content)),
            2 => Convert.ToHexString(SHA512.HashData(content)),
            _ => null,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Usage} {Selector} {MatchingType} {(Data.Length > 16 ? Data[..16] + "…" : Data)}");
}
