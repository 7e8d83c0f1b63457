using Tailwart.Core.Checks;
using Tailwart.Core.Dns;

namespace Tailwart.Tests.Dns;

public sealed class MtaStsJudgeTests
{
    private const string Url = "https://mta-sts.example.com/.well-known/mta-sts.txt";

    private static MtaStsFetch Fetched(string policy, string contentType = "text/plain") => new(Url, MtaStsPolicy.Parse(policy), null, contentType);

    [Fact]
    public void An_enforcing_policy_covering_every_mx_gives_no_finding()
    {
        var fetch = Fetched("version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.relay.example.com\nmax_age: 604800\n");

        Assert.Empty(MtaStsJudge.JudgePolicy("example.com", fetch, ["mail.example.com", "in1.relay.example.com"]));
    }

    [Fact]
    public void An_mx_host_not_covered_fails_under_enforce_and_names_the_host()
    {
        // given: a wildcard covers exactly one label, so a.b.relay is not covered
        var fetch = Fetched("version: STSv1\nmode: enforce\nmx: *.relay.example.com\nmax_age: 604800\n");

        // when
        var f = Assert.Single(MtaStsJudge.JudgePolicy("example.com", fetch, ["in1.relay.example.com", "a.b.relay.example.com", "mail.example.com"]));

        // then
        Assert.Equal("dns.mta-sts-mx-not-covered", f.Id);
        Assert.Equal(Severity.Failure, f.Severity);
        Assert.Contains("a.b.relay.example.com, mail.example.com", f.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("in1.", f.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Testing_mode_is_info_and_an_uncovered_mx_there_only_warns()
    {
        var fetch = Fetched("version: STSv1\nmode: testing\nmx: other.example.net\nmax_age: 604800\n");

        var findings = MtaStsJudge.JudgePolicy("example.com", fetch, ["mail.example.com"]);

        Assert.Contains(findings, f => f is { Id: "dns.mta-sts-testing", Severity: Severity.Info });
        Assert.Contains(findings, f => f is { Id: "dns.mta-sts-mx-not-covered", Severity: Severity.Warning });
    }

    [Fact]
    public void Mode_none_warns_and_does_not_judge_mx()
    {
        var f = Assert.Single(MtaStsJudge.JudgePolicy("example.com", Fetched("version: STSv1\nmode: none\nmax_age: 86400\n"), ["mail.example.com"]));

        Assert.Equal("dns.mta-sts-none", f.Id);
        Assert.Equal(Severity.Warning, f.Severity);
    }

    [Fact]
    public void A_max_age_under_a_day_warns()
    {
        var f = Assert.Single(MtaStsJudge.JudgePolicy("example.com", Fetched("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 60\n"), ["mail.example.com"]));

        Assert.Equal("dns.mta-sts-max-age", f.Id);
    }

    [Fact]
    public void An_unparseable_policy_fails_with_its_problems_as_evidence()
    {
        var f = Assert.Single(MtaStsJudge.JudgePolicy("example.com", Fetched("<html>moved</html>"), ["mail.example.com"]));

        Assert.Equal("dns.mta-sts-policy-invalid", f.Id);
        Assert.Equal(Severity.Failure, f.Severity);
        Assert.Contains("no version line", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_policy_fails_with_the_reason()
    {
        var f = Assert.Single(MtaStsJudge.JudgePolicy("example.com", new MtaStsFetch(Url, null, "TLS: untrusted chain (CN=x)"), ["mail.example.com"]));

        Assert.Equal("dns.mta-sts-policy-unreachable", f.Id);
        Assert.Contains("untrusted chain", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_served_as_html_warns_about_the_content_type()
    {
        var findings = MtaStsJudge.JudgePolicy("example.com", Fetched("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n", "text/html"), ["mail.example.com"]);

        Assert.Equal("dns.mta-sts-policy-content-type", Assert.Single(findings).Id);
    }

    [Theory]
    [InlineData("v=STSv1; id=20261125T000000Z")]
    [InlineData("v=STSv1;id=abc123")]
    public void A_txt_record_with_a_valid_id_passes(string txt)
    {
        Assert.Empty(MtaStsJudge.JudgeTxt("example.com", [txt, "v=spf1 -all"]));
    }

    [Theory]
    [InlineData("v=STSv1")]
    [InlineData("v=STSv1; id=")]
    [InlineData("v=STSv1; id=2026-11-25")]
    [InlineData("v=STSv1; id=0123456789abcdef0123456789abcdef0")]
    public void A_txt_record_without_a_valid_id_warns(string txt)
    {
        Assert.Equal("dns.mta-sts-id", Assert.Single(MtaStsJudge.JudgeTxt("example.com", [txt])).Id);
    }

    [Fact]
    public void Two_sts_records_warn()
    {
        Assert.Equal("dns.mta-sts-txt", Assert.Single(MtaStsJudge.JudgeTxt("example.com", ["v=STSv1; id=a", "v=STSv1; id=b"])).Id);
    }
}
