using System.Net;
using System.Text.Json;
using DnsClient;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

[Collection(LabCollectionDefinition.Name)]
public sealed class SidecarStandinTests(LabFixture fixture)
{
    private readonly LabEnvironment _lab = fixture.Lab;

    [Fact]
    public async Task Healthz_turns_200_while_postgres_is_blackholed_because_it_says_nothing_about_routes()
    {
        // given: the route to the-record-prod is dead before the sidecar even starts
        await using var blackhole = await _lab.InjectAsync("pg-blackhole");
        try
        {
            // when
            await _lab.StartServiceAsync(_lab.Config.SidecarService);
            await LabEnvironment.WaitUntilAsync("the sidecar's /healthz to answer ok",
                ct => SidecarProbe.HealthzOkAsync(_lab, ct), TimeSpan.FromSeconds(20));

            // then: healthy by containerboot's definition, yet Postgres is unreachable from its netns
            var route = await SidecarProbe.ConnectPostgresAsync(_lab);
            Assert.False(route.Succeeded, "the blackholed route should not connect");
            Assert.True(route.Elapsed >= TimeSpan.FromSeconds(1.5), $"a blackhole times out rather than refusing (took {route.Elapsed})");
        }
        finally
        {
            await _lab.ResetStackAsync();
        }
    }

    [Fact]
    public async Task Tailscale_status_reports_the_node_address_and_magicdns_name()
    {
        // given
        await _lab.StartServiceAsync(_lab.Config.SidecarService);
        try
        {
            await LabEnvironment.WaitUntilAsync("the sidecar to register",
                ct => SidecarProbe.HealthzOkAsync(_lab, ct), TimeSpan.FromSeconds(20));

            // when
            var ip = (await _lab.ExecAsync(_lab.Config.SidecarService, ["tailscale", "ip", "-4"])).StandardOutput.Trim();
            var status = (await _lab.ExecAsync(_lab.Config.SidecarService, ["tailscale", "status", "--json"])).StandardOutput;

            // then
            using var json = JsonDocument.Parse(status);
            var self = json.RootElement.GetProperty("Self");
            Assert.Equal("Running", json.RootElement.GetProperty("BackendState").GetString());
            Assert.Equal(_lab.Config.SidecarMagicDnsName + ".", self.GetProperty("DNSName").GetString());
            Assert.Equal(ip, self.GetProperty("TailscaleIPs")[0].GetString());
            Assert.Equal(await _lab.SidecarTailnetAddressAsync(), IPAddress.Parse(ip));
        }
        finally
        {
            await _lab.ResetStackAsync();
        }
    }

    [Fact]
    public async Task Reregistration_gives_the_sidecar_a_new_address_and_dns_follows()
    {
        // given
        var dns = _lab.CreateDnsClient();
        await _lab.StartServiceAsync(_lab.Config.SidecarService);
        try
        {
            await LabEnvironment.WaitUntilAsync("the sidecar to register",
                ct => SidecarProbe.HealthzOkAsync(_lab, ct), TimeSpan.FromSeconds(20));
            var before = await _lab.SidecarTailnetAddressAsync();

            // when
            await _lab.FaultAsync("sidecar-reregister", on: true);

            // then
            var after = await _lab.SidecarTailnetAddressAsync();
            Assert.NotNull(after);
            Assert.NotEqual(before, after);
            Assert.Equal(after.ToString(), (await _lab.ExecAsync(_lab.Config.SidecarService, ["tailscale", "ip", "-4"])).StandardOutput.Trim());
            await LabEnvironment.WaitUntilAsync($"{_lab.Config.SidecarMagicDnsName} to answer {after}",
                async ct => (await dns.QueryAsync(_lab.Config.SidecarMagicDnsName, QueryType.A, cancellationToken: ct))
                    .Answers.ARecords().Select(a => a.Address).SequenceEqual([after]),
                TimeSpan.FromSeconds(10));
            Assert.True((await SidecarProbe.ConnectPostgresAsync(_lab)).Succeeded, "the route still works from the new address");
        }
        finally
        {
            await _lab.ResetStackAsync();
        }
    }
}
