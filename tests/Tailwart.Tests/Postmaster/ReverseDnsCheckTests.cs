using System.Net;
using DnsClient;
using Tailwart.Core.Checks;
using Tailwart.Core.Postmaster;

namespace Tailwart.Tests.Postmaster;

public sealed class ReverseDnsCheckTests
{
    private static readonly IPAddress Wan = IPAddress.Parse("192.0.2.10");
    private const string Ptr = "10.2.0.192.in-addr.arpa";

    [Fact]
    public async Task Forward_confirmed_announced_name_is_ok_and_each_way_of_failing_is_its_own_finding()
    {
        var ok = new FakeDns().Add(Ptr, QueryType.PTR, "mail.example.com").Add("mail.example.com", QueryType.A, "192.0.2.10");
        var other = new FakeDns().Add(Ptr, QueryType.PTR, "host-10.isp.example").Add("host-10.isp.example", QueryType.A, "192.0.2.10");
        var dangling = new FakeDns().Add(Ptr, QueryType.PTR, "mail.example.com").Add("mail.example.com", QueryType.A, "198.51.100.1");
        var none = new FakeDns();

        Task<IReadOnlyList<Finding>> Run(FakeDns dns) => new ReverseDnsCheck(dns).RunAsync([Wan], "mail.example.com", null);

        Assert.Equal("postmaster.rdns-ok", Assert.Single(await Run(ok)).Id);
        Assert.Equal("postmaster.rdns-other-name", Assert.Single(await Run(other)).Id);
        var f = Assert.Single(await Run(dangling));
        Assert.Equal("postmaster.rdns-not-forward-confirmed", f.Id);
        Assert.Contains("198.51.100.1", f.Evidence, StringComparison.Ordinal);
        Assert.Equal(Severity.Failure, Assert.Single(await Run(none), x => x.Id == "postmaster.rdns-missing").Severity);
    }

    [Fact]
    public async Task The_name_stalwart_greets_with_wins_over_the_configured_one()
    {
        // given a PTR matching tailwart.json, but Stalwart greeting as another host (its server.hostname)
        var dns = new FakeDns().Add(Ptr, QueryType.PTR, "mail.example.com").Add("mail.example.com", QueryType.A, "192.0.2.10");

        // when
        var findings = await new ReverseDnsCheck(dns).RunAsync([Wan], "mail.example.com", "220 mx1.example.com Stalwart ESMTP at your service");

        // then
        var f = Assert.Single(findings);
        Assert.Equal("postmaster.rdns-other-name", f.Id);
        Assert.Contains("not mx1.example.com", f.Title, StringComparison.Ordinal);
        Assert.Contains("SMTP greeting", f.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("220 mail.example.com ESMTP", "mail.example.com")]
    [InlineData("220-mail.example.com. Stalwart", "mail.example.com")]
    [InlineData("421 too busy", null)]
    [InlineData("220 ESMTP ready", null)]
    [InlineData(null, null)]
    public void The_greeting_host_is_the_domain_after_220(string? banner, string? host) => Assert.Equal(host, ReverseDnsCheck.BannerHost(banner));
}
