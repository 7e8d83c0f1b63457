using System.Net;

namespace Tailwart.IntegrationTests.Standins;

/// <summary>Ban persistence across a restart; owns its PostgreSQL cluster because it stops it mid-test.</summary>
public sealed class StalwartStandinRestartTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private static readonly IPAddress Persisted = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress MemoryOnly = IPAddress.Parse("203.0.113.8");

    [Fact]
    public async Task A_restart_flushes_a_memory_only_ban_but_not_a_persisted_one()
    {
        // given a stand-in with the store up, and a ban written while the store was up
        var db = await pg.CreateDatabaseAsync();
        var labDir = Path.Combine(Path.GetTempPath(), "tailwart-standin-restart-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new StandinOptions { DbPort = pg.Port, DbName = db, LabDir = labDir };
        try
        {
            await using (var first = await StandinProcess.StartAsync(options))
            {
                await WireClient.SmtpAsync(first.Ports.Smtp, Persisted, null, "GARBAGE");
                await first.WaitForAsync(l => l.Contains("(security.scan-ban) remoteIp = 203.0.113.7", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
                Assert.Equal(1, await pg.ScalarAsync(db, "SELECT count(*) FROM blocked_ips WHERE address = '203.0.113.7'"));

                // and a second ban while Postgres is down (its DB write fails: memory-only, one lost write)
                await pg.StopAsync();
                await WireClient.SmtpAsync(first.Ports.Smtp, MemoryOnly, null, "GARBAGE");
                await first.WaitForAsync(l => l.Contains("(security.scan-ban) remoteIp = 203.0.113.8", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
                await first.WaitForAsync(l => l.Contains("write lost", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
                Assert.Equal(["(closed)"], await WireClient.SmtpAsync(first.Ports.Smtp, MemoryOnly, null, "QUIT"));
                Assert.Equal(1, first.LostWrites);
            }
            await pg.StartAsync();

            // when the stand-in restarts with the store back
            await using var second = await StandinProcess.StartAsync(options with { Ports = null });

            // then the persisted ban is loaded again and the memory-only one is gone
            Assert.Equal(["(closed)"], await WireClient.SmtpAsync(second.Ports.Smtp, Persisted, null, "QUIT"));
            Assert.Equal("221 2.0.0 Bye.", (await WireClient.SmtpAsync(second.Ports.Smtp, MemoryOnly, null, "QUIT"))[^1]);
        }
        finally
        {
            try
            {
                await pg.StartAsync();
            }
            catch (InvalidOperationException)
            {
                // already running
            }
            Directory.Delete(labDir, recursive: true);
        }
    }
}
