using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>A throw-away CA for lab tests: a root, and leaves it signs, as PEM for Stalwart's import.</summary>
internal sealed class LabCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public LabCertificateAuthority(string name)
    {
        var req = new CertificateRequest("CN=" + name, _key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        Root = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public X509Certificate2 Root { get; }

    /// <summary>A 90-day leaf for <paramref name="names"/> (the first is the subject CN), as PEM certificate + PEM private key.</summary>
    public (string CertPem, string KeyPem) Issue(params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string n in names)
            san.AddDnsName(n);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using X509Certificate2 leaf = req.Create(Root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(90), RandomNumberGenerator.GetBytes(12));
        return (leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }
}
