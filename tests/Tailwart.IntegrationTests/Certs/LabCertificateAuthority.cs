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
    public (string CertPem, string KeyPem) Issue(params string[] names) => Issue(Root, _key, null, names);

    /// <summary>
    /// A leaf signed by an intermediate of this root, as Let's Encrypt issues them: the leaf names where
    /// its issuer is published (<paramref name="issuerUrl"/>, AIA). <paramref name="fullChain"/>: the PEM
    /// holds the leaf then the intermediate (fullchain.pem); else the leaf alone (cert.pem).
    /// </summary>
    public (string CertPem, string KeyPem) IssueViaIntermediate(bool fullChain, string issuerUrl, params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=Tailwart Lab Intermediate", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using X509Certificate2 intermediate = req.Create(Root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), RandomNumberGenerator.GetBytes(12));
        var (leaf, leafKey) = Issue(intermediate, key, issuerUrl, names);
        return (fullChain ? leaf + intermediate.ExportCertificatePem() + "\n" : leaf, leafKey);
    }

    private static (string CertPem, string KeyPem) Issue(X509Certificate2 issuer, ECDsa issuerKey, string? issuerUrl, string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string n in names)
            san.AddDnsName(n);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (issuerUrl is not null)
            req.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [issuerUrl]));
        // Signed with the issuer's key (a certificate from Create(...) carries none of its own).
        using X509Certificate2 leaf = req.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey),
            DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(90), RandomNumberGenerator.GetBytes(12));
        return (leaf.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }
}
