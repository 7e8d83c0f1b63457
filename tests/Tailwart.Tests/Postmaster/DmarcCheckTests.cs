using DnsClient;
using Tailwart.Core.Checks;
using Tailwart.Core.Postmaster;

namespace Tailwart.Tests.Postmaster;

public sealed class DmarcCheckTests
{
    [Fact]
    public void A_reject_policy_is_said_in_plain_words()
    {
        var r = DmarcRecord.Parse("v=DMARC1; p=reject; sp=quarantine; pct=50; rua=mailto:d@example.com; adkim=s", out string? error);

        Assert.Null(error);
        Assert.NotNull(r);
        string words = r.PlainWords();
        Assert.Contains("is to be refused", words, StringComparison.Ordinal);
        Assert.Contains("applied to 50%", words, StringComparison.Ordinal);
        Assert.Contains("for subdomains: is to be put in spam", words, StringComparison.Ordinal);
        Assert.Contains("DKIM strict, SPF relaxed", words, StringComparison.Ordinal);
        Assert.Contains("mailto:d@example.com", words, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=DMARC1; rua=mailto:d@example.com; p=none", "p= must follow")]
    [InlineData("v=DMARC1; p=block", "p=block")]
    [InlineData("v=DMARC1; p=none; pct=150", "pct=150")]
    [InlineData("v=DMARC1 p=none", "tag=value")]
    public void Records_receivers_reject_do_not_parse(string record, string because)
    {
        Assert.Null(DmarcRecord.Parse(record, out string? error));
        Assert.Contains(because, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_two_and_monitoring_only_records_and_tls_rpt()
    {
        var missing = await new DmarcCheck(new FakeDns()).RunAsync("example.com");
        var two = await new DmarcCheck(new FakeDns().Add("_dmarc.example.com", QueryType.TXT, "v=DMARC1; p=none", "v=DMARC1; p=reject")).RunAsync("example.com");
        var monitoring = await new DmarcCheck(new FakeDns().Add("_dmarc.example.com", QueryType.TXT, "v=DMARC1; p=none; rua=mailto:d@example.com")
            .Add("_smtp._tls.example.com", QueryType.TXT, "v=TLSRPTv1; rua=ftp://x")).RunAsync("example.com");

        Assert.Equal(Severity.Warning, Assert.Single(missing, f => f.Id == "postmaster.dmarc-missing").Severity);
        Assert.Single(missing, f => f.Id == "postmaster.tlsrpt-missing");
        Assert.Equal(Severity.Failure, Assert.Single(two, f => f.Id == "postmaster.dmarc-invalid").Severity);
        Assert.Contains("monitoring only", Assert.Single(monitoring, f => f.Id == "postmaster.dmarc-monitoring").Evidence, StringComparison.Ordinal);
        Assert.Contains("neither mailto: nor https:", Assert.Single(monitoring, f => f.Id == "postmaster.tlsrpt-invalid").Evidence, StringComparison.Ordinal);
    }
}
