using System.Net;
using Tailwart.Core.Bans;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.Bans;

namespace Tailwart.IntegrationTests.Standins;

/// <summary>
/// Stalwart's proxy trusted networks cover the admin listener too unless it overrides them, and a trusted peer
/// must send a PROXY header (v0.16.18 crates/common/src/network/listen.rs 130–160, config/server/listener.rs
/// 216–220; v0.15.5 crates/common/src/listener/listen.rs, config/server/listener.rs 180–193; CONTRACT.md B3).
/// Here loopback is trusted and 8080 has no override, so this box is a trusted peer of its own admin listener.
/// </summary>
public sealed class AdminProxyTrustTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task A_trusted_box_is_dropped_without_a_proxy_header_and_tailwart_reads_the_api_behind_one(string generation)
    {
        // given a stand-in whose global trusted networks (loopback) cover 8080, with no per-listener override
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = generation, AdminTrustedProxies = null });

        // and this machine's other address (not a trusted peer) banned by a scan path on the admin listener
        var box = WireClient.LocalNonLoopbackIPv4();
        Assert.Equal(404, (await WireClient.HttpAsync(box, standin.Ports.Http, "GET", "/wp-login.php"))!.Status);

        // when a plain request opens without a PROXY header, then tailwart's client reads the ban list
        var plain = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/healthz/live");
        await standin.WaitForAsync(l => l.Contains("(network.proxy-error) listenerId = \"http\"", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        int dropsBefore = ProxyErrors(standin);
        using StalwartClient client = StandinBans.Client(standin.Ports);
        IpList blocked = await client.ListAsync(IpListKind.Blocked);
        await Task.Delay(300); // let the stand-in's log lines arrive
        int dropsWhileLearning = ProxyErrors(standin) - dropsBefore;
        IpList allowed = await client.ListAsync(IpListKind.Allowed);
        await Task.Delay(300);

        // then Stalwart's way: the plain request is dropped (accept, close, network.proxy-error) ...
        Assert.Null(plain);
        // ... tailwart lists the ban (not an "accepts then closes" error) behind a PROXY v2 LOCAL header: dropped
        // on its first plain calls, then sending the header on every later call (no drop on the second list)
        Assert.Contains(blocked.Entries, e => e.Address == box.ToString());
        Assert.Equal(StalwartAccessPath.AdminUrlName, allowed.Path);
        Assert.True(dropsWhileLearning >= 1, "tailwart's first plain call is dropped");
        Assert.Equal(dropsWhileLearning, ProxyErrors(standin) - dropsBefore);
    }

    [Fact]
    public async Task The_admin_port_check_from_a_trusted_box_says_answers_behind_the_header_not_banned()
    {
        // given the same trust, nothing banned
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.16", AdminTrustedProxies = null });
        var adminUrl = new Uri($"http://127.0.0.1:{standin.Ports.Http}/");

        // when
        AdminPortDiagnosis d = await AdminPortDiagnoser.DiagnoseAsync(StandinBans.Direct(), adminUrl, TimeSpan.FromSeconds(3));

        // then it is not mistaken for lesson 3's ban: the port answers behind a PROXY v2 LOCAL header, and says so
        Assert.Equal(AdminPortVerdict.Answers, d.Verdict);
        Assert.NotNull(d.Finding);
        Assert.Equal("bans.admin-port-needs-proxy-header", d.Finding.Id);
        Assert.Contains("proxy trusted networks", d.Finding.Evidence, StringComparison.Ordinal);
    }

    private static int ProxyErrors(StandinProcess standin) =>
        standin.Lines.Count(l => l.Contains("(network.proxy-error) listenerId = \"http\"", StringComparison.Ordinal));
}
