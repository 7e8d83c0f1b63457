using System.Security.Cryptography.X509Certificates;
using Tailwart.Core.Tls;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Certs;

public sealed class ChainTrustTests
{
    private static ServedCertificate Leaf(X509Certificate2 ca)
    {
        using var leaf = TestPki.Leaf(ca, ["mail.example.com"]);
        return TlsHandshake.Describe(leaf, [], "untrusted chain: PartialChain") with { Presented = [leaf.RawData] };
    }

    [Fact]
    public void A_chain_signed_by_a_given_anchor_counts_as_trusted()
    {
        using var ca = TestPki.Ca("Lab CA");
        var served = Leaf(ca);

        var judged = ChainTrust.Rejudge(served, [ca]);

        Assert.Null(judged.ChainProblem);
    }

    [Fact]
    public void A_chain_signed_by_another_ca_stays_untrusted()
    {
        using var ca = TestPki.Ca("Lab CA");
        using var other = TestPki.Ca("Other CA");
        var served = Leaf(ca);

        var judged = ChainTrust.Rejudge(served, [other]);

        Assert.Contains("untrusted chain", judged.ChainProblem, StringComparison.Ordinal);
    }
}
