using System.Diagnostics;
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
}
