using System.Security.Cryptography.X509Certificates;
using Tailwart.Tests.Support;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>A throw-away CA for lab tests: a root, and leaves it signs, as PEM for Stalwart's import (built with <see cref="TestPki"/>).</summary>
internal sealed class LabCertificateAuthority(string name) : IDisposable
{
    public X509Certificate2 Root { get; } = TestPki.Ca(name);

    /// <summary>A 90-day leaf for <paramref name="names"/> (the first is the subject CN), as PEM certificate + PEM private key.</summary>
    public (string CertPem, string KeyPem) Issue(params string[] names)
    {
        using X509Certificate2 leaf = TestPki.Leaf(Root, names);
        return (Pem(leaf), KeyPem(leaf));
    }

    /// <summary>
    /// A leaf signed by an intermediate of this root, as Let's Encrypt issues them: the leaf names where
    /// its issuer is published (<paramref name="issuerUrl"/>, AIA). <paramref name="fullChain"/>: the PEM
    /// holds the leaf then the intermediate (fullchain.pem); else the leaf alone (cert.pem).
    /// </summary>
    public (string CertPem, string KeyPem) IssueViaIntermediate(bool fullChain, string issuerUrl, params string[] names)
    {
        using X509Certificate2 intermediate = TestPki.Ca("Tailwart Lab Intermediate", Root);
        using X509Certificate2 leaf = TestPki.Leaf(intermediate, names, issuerUrl);
        return (fullChain ? Pem(leaf) + Pem(intermediate) : Pem(leaf), KeyPem(leaf));
    }

    private static string Pem(X509Certificate2 c) => c.ExportCertificatePem() + "\n";

    private static string KeyPem(X509Certificate2 c)
    {
        using var key = c.GetECDsaPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem();
    }

    public void Dispose() => Root.Dispose();
}
