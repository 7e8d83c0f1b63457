using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.Standins;

namespace Tailwart.IntegrationTests.Bans;

/// <summary>Thousands of bans (a scan storm) are read completely and quickly, in pages, in both generations.</summary>
public sealed class LargeBanListTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private const int Count = 3000;

    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task Three_thousand_bans_including_ipv6_and_cidr_are_read_in_pages_within_seconds(string generation)
    {
        // given 3000 bans in the store, as the stand-in writes them (IPv4, IPv6, CIDR); written with SQL because one API
        // insert per ban would take longer than the point of this test
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = generation });
        await pg.ScalarAsync(db, $"""
            INSERT INTO blocked_ips(address, reason) SELECT '10.' || (i / 256) || '.' || (i % 256) || '.1', 'portScanning' FROM generate_series(0, {Count - 3}) AS i;
            INSERT INTO blocked_ips(address, reason) VALUES ('2001:db8::7', 'authFailure'), ('198.51.100.0/24', 'manual');
            SELECT count(*) FROM blocked_ips
            """);
        using var client = new StalwartClient(
            [new StalwartAccessPath(StalwartAccessPath.AdminUrlName, new Uri($"http://127.0.0.1:{standin.Ports.Http}/"), StandinBans.Direct())],
            StandinBans.Credential(), "auto", new StalwartClientOptions { Timeout = TimeSpan.FromSeconds(10) });

        // when
        var clock = Stopwatch.StartNew();
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(Count, bans.Entries.Count);
        Assert.False(bans.Truncated);
        Assert.NotNull(bans.Find("2001:DB8::7"));
        Assert.True(bans.Find("198.51.100.0/24")!.IsRange);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task On_016_six_hundred_bans_are_listed_completely_and_total_is_answered_only_when_asked()
    {
        // given 600 bans (one more page than Stalwart's 500 objects per /get) on a 0.16 stand-in
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.16" });
        await pg.ScalarAsync(db, "INSERT INTO blocked_ips(address, reason) SELECT '10.9.' || (i / 256) || '.' || (i % 256), 'portScanning' FROM generate_series(0, 599) AS i; SELECT 1");
        using var client = new StalwartClient(
            [new StalwartAccessPath(StalwartAccessPath.AdminUrlName, new Uri($"http://127.0.0.1:{standin.Ports.Http}/"), StandinBans.Direct())],
            StandinBans.Credential(), "auto", new StalwartClientOptions { Timeout = TimeSpan.FromSeconds(10) });

        // when the client lists them, and a raw query asks without and with calculateTotal
        IpList bans = await client.ListAsync(IpListKind.Blocked);
        JsonNode plain = await QueryAsync(standin, "{\"limit\":500}");
        JsonNode counted = await QueryAsync(standin, "{\"position\":500,\"limit\":500,\"calculateTotal\":true}");

        // then all 600 are there, and the stand-in answers as v0.16.18's QueryResponseBuilder: total only when asked
        Assert.Equal(600, bans.Entries.Count);
        Assert.Equal(600, bans.Entries.Select(e => e.Address).Distinct().Count());
        Assert.False(bans.Truncated);
        Assert.Equal(600, bans.Total);
        Assert.Null(plain["total"]);
        Assert.Equal(500, plain["ids"]!.AsArray().Count);
        Assert.Equal(600, (int)counted["total"]!);
        Assert.Equal(100, counted["ids"]!.AsArray().Count);
        Assert.Equal(500, (int)counted["position"]!);
    }

    private static async Task<JsonNode> QueryAsync(StandinProcess standin, string args)
    {
        string body = "{\"using\":[\"urn:ietf:params:jmap:core\",\"urn:stalwart:jmap\"],\"methodCalls\":[[\"x:BlockedIp/query\"," + args + ",\"q\"]]}";
        var reply = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/jmap", $"admin:{StandinOptions.AdminPassword}", body);
        Assert.Equal(200, reply!.Status);
        return JsonNode.Parse(reply.Body)!["methodResponses"]![0]![1]!;
    }
}
