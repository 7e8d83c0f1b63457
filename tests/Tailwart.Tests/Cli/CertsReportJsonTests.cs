using System.Text.Json;
using Tailwart.Cli;
using Tailwart.Cli.Verbs;
using Tailwart.Core.Checks;
using Tailwart.Core.Dns;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Cli;

public sealed class CertsReportJsonTests
{
    [Fact]
    public void Certs_json_carries_stalwarts_acme_settings_beside_the_lesson_4_finding()
    {
        // given: a wildcard over TLS-ALPN-01 (lesson 4) with a known account
        var settings = new AcmeSettings(ApiGeneration.Jmap016, "x:AcmeProvider", [new AcmeProviderSettings("le", AcmeProviderSettings.LetsEncryptDirectory, AcmeChallenge.TlsAlpn01,
            ["postmaster@example.com"], ["*.example.com"], "https://acme-v02.api.letsencrypt.org/acme/acct/42", null, null)], null);
        var findings = Tailwart.Core.Acme.AcmeConfigJudge.Judge(settings).Select(FindingLine.From).ToList();

        // when
        string json = JsonSerializer.Serialize(new CertsReport(2, [], findings, null, AcmeLine.From(settings)), CliJson.Default.CertsReport);

        // then
        using var doc = JsonDocument.Parse(json);
        var acme = doc.RootElement.GetProperty("acme");
        Assert.Equal("https://acme-v02.api.letsencrypt.org/acme/acct/42", acme.GetProperty("accountUri").GetString());
        var provider = Assert.Single(acme.GetProperty("providers").EnumerateArray());
        Assert.True(provider.GetProperty("requestsWildcard").GetBoolean());
        Assert.Equal("*.example.com", Assert.Single(provider.GetProperty("domains").EnumerateArray()).GetString());
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "acme.wildcard-needs-dns01");
    }

    [Fact]
    public void Without_an_account_the_report_says_why_it_is_unknown()
    {
        var settings = new AcmeSettings(ApiGeneration.Rest015, "acme.*", [], "0.15 keeps only the account key");

        var report = AcmeLine.From(settings);

        Assert.Null(report.AccountUri);
        Assert.Equal("0.15 keeps only the account key", report.AccountUriUnknownBecause);
    }

    [Theory]
    [InlineData("dns.caa-issue-other-account", true)]
    [InlineData("dns.caa-issuewild-account-unverified", true)]
    [InlineData("dns.caa-issue-forbids-dns01", false)]
    [InlineData("dns.mta-sts-policy-unreachable", false)]
    [InlineData("acme.wildcard-needs-dns01", false)]
    public void Only_the_caa_accounturi_findings_need_stalwarts_account(string id, bool needs)
    {
        // The doctor's dns check (no ACME settings) drops these; its certs check (which reads them) keeps them.
        Assert.Equal(needs, DnsChecks.NeedsStalwartAccount(id));
    }
}
