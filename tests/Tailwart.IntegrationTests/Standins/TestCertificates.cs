using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tailwart.IntegrationTests.Standins;

/// <summary>A CA-less test certificate as PEM (ECDSA P-256, 30 days), like an imported Let's Encrypt cert would be.</summary>
internal static class TestCertificates
{
    public static (string CertPem, string KeyPem) Create(params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var n in names) san.AddDnsName(n);
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
