using DnsClient;
using DnsClient.Protocol;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

[Collection(LabCollectionDefinition.Name)]
public sealed class LabDnsTests(LabFixture fixture)
{
    private readonly LabEnvironment _lab = fixture.Lab;

    [Fact]
    public async Task The_lab_dns_server_answers_the_mail_zone_with_mx_caa_and_policy_records()
    {
        // given
        var dns = _lab.CreateDnsClient();
        var domain = _lab.Config.MailDomain;

        // when
        var mx = await dns.QueryAsync(domain, QueryType.MX);
        var caa = await dns.QueryAsync(domain, QueryType.CAA);
        var mtaSts = await dns.QueryAsync("_mta-sts." + domain, QueryType.TXT);
        var tlsRpt = await dns.QueryAsync("_smtp._tls." + domain, QueryType.TXT);
        var challenge = await dns.QueryAsync("_acme-challenge." + domain, QueryType.TXT);
        var srv = await dns.QueryAsync("_autodiscover._tcp." + domain, QueryType.SRV);

        // then: authoritative answers from the real server
        Assert.True(mx.Header.HasAuthorityAnswer);
        Assert.Equal("mail." + domain + ".", Assert.Single(mx.Answers.MxRecords()).Exchange.Value);
        var issue = Assert.Single(caa.Answers.CaaRecords());
        Assert.Equal("issue", issue.Tag);
        Assert.Contains("accounturi=https://acme-staging-v02.api.letsencrypt.org/acme/acct/", issue.Value, StringComparison.Ordinal);
        Assert.Contains("validationmethods=dns-01", issue.Value, StringComparison.Ordinal);
        Assert.StartsWith("v=STSv1; id=", string.Concat(Assert.Single(mtaSts.Answers.TxtRecords()).Text), StringComparison.Ordinal);
        Assert.StartsWith("v=TLSRPTv1;", string.Concat(Assert.Single(tlsRpt.Answers.TxtRecords()).Text), StringComparison.Ordinal);
        Assert.Single(challenge.Answers.TxtRecords());
        Assert.Equal(443, Assert.Single(srv.Answers.SrvRecords()).Port);
    }

    [Fact]
    public async Task The_public_names_point_at_the_edge_wan_address()
    {
        // given
        var dns = _lab.CreateDnsClient();
        var names = new[] { "mail", "mta-sts", "autoconfig", "autodiscover", "edge" };

        // when
        var answers = await Task.WhenAll(names.Select(n => dns.QueryAsync($"{n}.{_lab.Config.MailDomain}", QueryType.A)));

        // then
        Assert.All(answers, a => Assert.Equal(_lab.Topology.EdgeWanIp, Assert.Single(a.Answers.ARecords()).Address));
        Assert.Equal($"edge.{_lab.Config.MailDomain}", _lab.Config.EdgePublicHostname);
    }

    [Fact]
    public async Task The_magicdns_names_answer_the_tailnet_addresses_and_follow_the_sidecar()
    {
        // given
        var dns = _lab.CreateDnsClient();
        await _lab.StartServiceAsync(_lab.Config.SidecarService);
        try
        {
            var sidecar = await _lab.SidecarTailnetAddressAsync();
            Assert.NotNull(sidecar);

            // when
            var record = await dns.QueryAsync("the-record-prod.tail-lab.ts.net", QueryType.A);

            // then
            Assert.Equal(_lab.Topology.TailnetGateway, Assert.Single(record.Answers.ARecords()).Address);
            await LabEnvironment.WaitUntilAsync(
                $"{_lab.Config.SidecarMagicDnsName} to answer {sidecar}",
                async ct => (await dns.QueryAsync(_lab.Config.SidecarMagicDnsName, QueryType.A, cancellationToken: ct))
                    .Answers.ARecords().Any(a => a.Address.Equals(sidecar)),
                TimeSpan.FromSeconds(10));
        }
        finally
        {
            await _lab.ResetStackAsync();
        }
    }
}
