using System.Security.Cryptography.X509Certificates;
using DnsClient;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Postmaster;
using Tailwart.Core.Probes;
using Tailwart.Core.Tls;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Postmaster;

public sealed class DaneCheckTests : IDisposable
{
    private readonly X509Certificate2 _ca = TestPki.Ca("DANE Test CA");
    private readonly X509Certificate2 _leaf;
    private readonly X509Certificate2 _otherLeaf;

    public DaneCheckTests()
    {
        _leaf = TestPki.Leaf(_ca, ["mail.example.com"]);
        _otherLeaf = TestPki.Leaf(_ca, ["mail.example.com"]);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _leaf.Dispose();
        _otherLeaf.Dispose();
    }

    private CertObservation Served(X509Certificate2 leaf) => new("edge", "mail.example.com", 25, ProbeProtocol.Smtp,
        new ServedCertificate(leaf.Subject, leaf.Issuer, ["mail.example.com"], leaf.NotBefore, leaf.NotAfter, "ECDSA P-256", leaf.GetCertHashString(), [], null) { Presented = [leaf.RawData, _ca.RawData] },
        null);

    private static string Ee(X509Certificate2 c) => "3 1 1 " + TlsaRecord.Associate(c.RawData, 1, 1);

    private static FakeDns Zone(bool signed, params string[] tlsa)
    {
        var dns = new FakeDns().Add("example.com", QueryType.MX, "mail.example.com");
        dns.Set(new DnsAnswer("_25._tcp.mail.example.com", tlsa.Length == 0 ? DnsOutcome.NoData : DnsOutcome.Answer, tlsa, Signed: signed), QueryType.TLSA);
        return dns;
    }

    private Task<IReadOnlyList<Finding>> RunAsync(FakeDns dns, X509Certificate2 served, DateTimeOffset? now = null) =>
        new DaneCheck(dns, new FakeTimeProvider(now ?? _leaf.NotBefore.ToUniversalTime().AddDays(1))).RunAsync("example.com", [Served(served)], null);

    [Fact]
    public async Task A_record_for_the_served_key_matches_one_for_another_key_does_not()
    {
        var matching = await RunAsync(Zone(true, Ee(_otherLeaf), Ee(_leaf)), _leaf);
        var stale = await RunAsync(Zone(true, Ee(_otherLeaf)), _leaf);

        Assert.Contains(matching, f => f.Id == "postmaster.dane-match");
        var mismatch = Assert.Single(stale, f => f.Id == "postmaster.dane-mismatch");
        Assert.Equal(Severity.Failure, mismatch.Severity);
        Assert.Contains(TlsaRecord.Associate(_leaf.RawData, 1, 1)!, mismatch.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dane_ta_record_matches_the_issuer_presented_above_the_leaf_and_pkix_usages_never_match()
    {
        var ta = await RunAsync(Zone(true, "2 0 1 " + TlsaRecord.Associate(_ca.RawData, 0, 1)), _leaf);
        var pkix = await RunAsync(Zone(true, "1 1 1 " + TlsaRecord.Associate(_leaf.RawData, 1, 1)), _leaf);

        Assert.Contains(ta, f => f.Id == "postmaster.dane-match");
        Assert.Contains(pkix, f => f.Id == "postmaster.dane-mismatch");
    }

    [Fact]
    public async Task An_unsigned_zone_is_warned_about_and_a_signed_one_without_ad_is_said_to_be_unvalidated()
    {
        var unsigned = await RunAsync(Zone(false, Ee(_leaf)), _leaf);
        var signed = await RunAsync(Zone(true, Ee(_leaf)), _leaf);

        Assert.Equal(Severity.Warning, Assert.Single(unsigned, f => f.Id == "postmaster.dane-unsigned").Severity);
        Assert.Contains("signed (RRSIG present), AD bit not set", Assert.Single(signed, f => f.Id == "postmaster.dane-unvalidated").Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(signed, f => f.Id == "postmaster.dane-unsigned");
    }

    [Fact]
    public async Task A_renewal_due_soon_with_only_the_current_key_pinned_is_a_rotation_warning_and_a_ta_record_is_not()
    {
        DateTimeOffset soon = DaneCheck.RenewalDue(Served(_leaf).Certificate!) - TimeSpan.FromDays(2);

        var eeOnly = await RunAsync(Zone(true, Ee(_leaf)), _leaf, soon);
        var withTa = await RunAsync(Zone(true, Ee(_leaf), "2 1 1 " + TlsaRecord.Associate(_ca.RawData, 1, 1)), _leaf, soon);
        var early = await RunAsync(Zone(true, Ee(_leaf)), _leaf);

        Assert.Equal(Severity.Warning, Assert.Single(eeOnly, f => f.Id == "postmaster.dane-rotation-risk").Severity);
        Assert.DoesNotContain(withTa, f => f.Id == "postmaster.dane-rotation-risk");
        Assert.DoesNotContain(early, f => f.Id == "postmaster.dane-rotation-risk");
    }

    [Fact]
    public async Task No_tlsa_is_information_only()
    {
        var findings = await RunAsync(Zone(false), _leaf);

        Assert.Equal(Severity.Info, Assert.Single(findings).Severity);
        Assert.Equal("postmaster.dane-none", findings[0].Id);
    }
}
