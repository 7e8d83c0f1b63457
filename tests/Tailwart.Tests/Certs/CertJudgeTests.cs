using Tailwart.Core.Certs;
using Tailwart.Core.Probes;
using Tailwart.Core.Tls;

namespace Tailwart.Tests.Certs;

public sealed class CertJudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ServedCertificate Cert(string fingerprint, string subject = "CN=*.example.com", string issuer = "CN=R11, O=Let's Encrypt", string[]? names = null, int daysLeft = 60, string? chain = null) =>
        new(subject, issuer, names ?? ["*.example.com", "example.com"], Now.AddDays(-30), Now.AddDays(daysLeft), "ECDSA P-256", fingerprint.PadRight(64, '0'), [], chain);

    private static ServedCertificate Fallback() => Cert("FA11BACC", "CN=rcgen self signed cert", "CN=rcgen self signed cert", ["localhost"], 7000);

    private static CertObservation At(int port, ServedCertificate? cert, string host = "mail.example.com", string path = "netns") =>
        new(path, host, port, ProbeProtocol.Smtp, cert, cert is null ? "unreachable: refused" : null);

    [Fact]
    public void The_fallback_is_flagged_on_its_port_while_another_port_serves_a_ca_certificate()
    {
        var findings = CertJudge.Judge([At(465, Cert("AAAA")), At(993, Fallback())], Now);

        var fallback = Assert.Single(findings, f => f.Id == "certs.self-signed-fallback");
        Assert.Contains("port 993", fallback.Title, StringComparison.Ordinal);
        Assert.Equal(1, fallback.Lesson);
        Assert.Contains(findings, f => f.Id == "certs.different-per-port");
        Assert.DoesNotContain(findings, f => f.Id == "certs.self-signed-fallback" && f.Title.Contains("port 465", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wildcard_covers_one_label_but_not_the_apex_or_two_labels()
    {
        Assert.True(HostnameMatcher.Covers(["*.example.com"], "mail.example.com"));
        Assert.True(HostnameMatcher.Covers(["*.EXAMPLE.com"], "MTA-STS.example.com."));
        Assert.False(HostnameMatcher.Covers(["*.example.com"], "example.com"));
        Assert.False(HostnameMatcher.Covers(["*.example.com"], "a.mail.example.com"));
        Assert.True(HostnameMatcher.Covers(["example.com", "mail.example.com"], "mail.example.com"));
    }

    [Fact]
    public void A_hostname_outside_the_names_is_flagged_with_lesson_4()
    {
        var f = Assert.Single(CertJudge.Judge([At(465, Cert("AAAA", names: ["mail.example.com"]), host: "autoconfig.example.com")], Now));

        Assert.Equal("certs.name-not-covered", f.Id);
        Assert.Equal(4, f.Lesson);
    }

    [Fact]
    public void Expiry_inside_the_renewal_window_warns_and_past_expiry_fails()
    {
        Assert.Equal("certs.expiring", Assert.Single(CertJudge.Judge([At(465, Cert("AAAA", daysLeft: 10))], Now)).Id);
        Assert.Equal("certs.expired", Assert.Single(CertJudge.Judge([At(465, Cert("AAAA", daysLeft: -1))], Now)).Id);
    }

    [Fact]
    public void An_untrusted_chain_warns()
    {
        Assert.Equal("certs.untrusted-chain", Assert.Single(CertJudge.Judge([At(465, Cert("AAAA", chain: "untrusted chain: UntrustedRoot"))], Now)).Id);
    }

    [Fact]
    public void The_edge_must_present_stalwarts_certificate_on_443()
    {
        var passthrough = CertJudge.Judge([At(443, Cert("AAAA"), path: "netns"), At(443, Cert("AAAA"), path: "edge")], Now);
        var terminating = CertJudge.Judge([At(443, Cert("AAAA"), path: "netns"), At(443, Cert("BBBB", issuer: "CN=Caddy Local Authority"), path: "edge")], Now);

        Assert.Empty(passthrough);
        var f = Assert.Single(terminating);
        Assert.Equal("certs.edge-not-passthrough", f.Id);
        Assert.Equal(5, f.Lesson);
    }

    [Fact]
    public void A_port_without_tls_is_a_failure_with_its_evidence()
    {
        var f = Assert.Single(CertJudge.Judge([At(25, null)], Now));

        Assert.Equal("certs.no-tls", f.Id);
        Assert.Contains("refused", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dead_port_is_one_finding_naming_every_hostname()
    {
        var findings = CertJudge.Judge([At(25, null), At(25, null, host: "mta-sts.example.com"), At(465, Cert("AAAA"))], Now);

        var f = Assert.Single(findings);
        Assert.Contains("mail.example.com, mta-sts.example.com", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fallback_on_one_port_for_every_hostname_is_one_finding_naming_them()
    {
        var findings = CertJudge.Judge([At(25, Fallback()), At(25, Fallback(), host: "mta-sts.example.com"), At(465, Fallback())], Now);

        var fallback = findings.Where(f => f.Id == "certs.self-signed-fallback").ToList();
        Assert.Equal(2, fallback.Count);
        Assert.Contains("mail.example.com, mta-sts.example.com", fallback.Single(f => f.Title.Contains("port 25", StringComparison.Ordinal)).Title, StringComparison.Ordinal);
    }

    private static ServedCertificate Lived(int lifetimeDays, double daysLeft) =>
        new("CN=*.example.com", "CN=R11, O=Let's Encrypt", ["*.example.com", "example.com"], Now.AddDays(daysLeft - lifetimeDays), Now.AddDays(daysLeft), "ECDSA P-256", "AAAA".PadRight(64, '0'), [], null);

    [Theory]
    [InlineData(90, 31, false)] // Let's Encrypt today: 30 days is a third
    [InlineData(90, 29, true)]
    [InlineData(45, 16, false)] // a 45-day certificate with 16 left is fine, though under a fixed 30 days
    [InlineData(45, 14, true)]
    [InlineData(6, 2.5, false)] // short-lived: 2 days is a third
    [InlineData(6, 1.5, true)]
    [InlineData(365, 130, false)] // a year-long certificate warns at ~122 days, long before a fixed 30 would
    [InlineData(365, 120, true)]
    public void Expiry_warns_when_a_third_of_the_certificates_own_lifetime_is_left(int lifetimeDays, double daysLeft, bool warns)
    {
        var findings = CertJudge.Judge([At(465, Lived(lifetimeDays, daysLeft))], Now);
        Assert.Equal(warns, findings.Any(f => f.Id == "certs.expiring"));
        if (warns)
            Assert.Contains($"{lifetimeDays}-day lifetime", findings.Single(f => f.Id == "certs.expiring").Title, StringComparison.Ordinal);
    }
}
