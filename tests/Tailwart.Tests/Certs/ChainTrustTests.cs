using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tailwart.Core.Tls;

namespace Tailwart.Tests.Certs;

public sealed class ChainTrustTests
{
    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static ServedCertificate Leaf(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=mail.example.com", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("mail.example.com");
        req.CertificateExtensions.Add(san.Build());
        using var leaf = req.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3, 4]);
        return TlsHandshake.Describe(leaf, [], "untrusted chain: PartialChain") with { Presented = [leaf.RawData] };
    }

    [Fact]
    public void A_chain_signed_by_a_given_anchor_counts_as_trusted()
    {
        using var ca = Ca("Lab CA");
        var served = Leaf(ca);

        var judged = ChainTrust.Rejudge(served, [ca]);

        Assert.Null(judged.ChainProblem);
    }

    [Fact]
    public void A_chain_signed_by_another_ca_stays_untrusted()
    {
        using var ca = Ca("Lab CA");
        using var other = Ca("Other CA");
        var served = Leaf(ca);

        var judged = ChainTrust.Rejudge(served, [other]);

        Assert.Contains("untrusted chain", judged.ChainProblem, StringComparison.Ordinal);
    }
}
