using System.Net;
using Tailwart.Core.Bans;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.Standins;

namespace Tailwart.IntegrationTests.Bans;

/// <summary>Restart-to-flush against a restarting stand-in; owns its PostgreSQL cluster because it stops it mid-test.</summary>
public sealed class BanFlushTests(PostgresCluster pg) : IClassFixture<PostgresCluster>, IDisposable
{
    private static readonly IPAddress ClientX = IPAddress.Parse("203.0.113.7");
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-bans-flush-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(RestartingStandin, StandinOptions)> StartAsync(string generation)
    {
        var db = await pg.CreateDatabaseAsync();
        var options = new StandinOptions { DbPort = pg.Port, DbName = db, Generation = generation, Ports = StandinPorts.Allocate(), LabDir = Path.Combine(_dir, "lab-" + db) };
        return (new RestartingStandin(await StandinProcess.StartAsync(options), options, pg), options);
    }

    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task With_the_database_up_a_restart_keeps_the_ban_but_flushes_the_one_whose_write_was_lost(string generation)
    {
        // given X banned with the store up (persisted) ...
        var box = WireClient.LocalNonLoopbackIPv4();
        var (standin, options) = await StartAsync(generation);
        await using (standin)
        {
            await WireClient.SmtpAsync(options.Ports!.Smtp, ClientX, null, "GARBAGE");
            await standin.Current.WaitForAsync(l => l.Contains("(security.scan-ban) remoteIp = 203.0.113.7", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
            // ... and the box banned on the admin port while Postgres was down (the write is lost: memory-only, lesson 1)
            await pg.StopAsync();
            try
            {
                await WireClient.HttpAsync(box, options.Ports.Http, "GET", "/wp-login.php");
                await standin.Current.WaitForAsync(l => l.Contains("write lost", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
            }
            finally
            {
                await pg.StartAsync();
            }
            var adminUrl = new Uri($"http://{box}:{options.Ports.Http}/");
            using StalwartClient client = StandinBans.Client(options.Ports, host: box, withLoopback: true);
            BanService service = StandinBans.Service(client, ClientX, _dir, box);
            var audit = new AuditLog(Path.Combine(_dir, AuditLog.FileName), TimeProvider.System);
            var flush = new BanFlush(service, standin, audit, TimeProvider.System,
                async ct => await AdminPortDiagnoser.DiagnoseAsync(StandinBans.Direct(), adminUrl, TimeSpan.FromSeconds(3), ct));

            // when
            FlushOutcome outcome = await flush.RunAsync();

            // then the persisted ban came back and is said to have; the memory-only box ban is gone (admin port answers again)
            Assert.Equal(FlushStatus.Completed, outcome.Status);
            Assert.Equal(1, standin.Restarts);
            Assert.Equal(["203.0.113.7"], outcome.Persisted);
            Assert.Empty(outcome.Flushed);
            Assert.True(outcome.FlushedMemoryOnlyBoxBan, outcome.Summary);
            Assert.Contains("came back at boot", outcome.Summary, StringComparison.Ordinal);
            Assert.Equal(["(closed)"], await WireClient.SmtpAsync(options.Ports.Smtp, ClientX, null, "QUIT"));

            // and (e) the API unban lifts the persisted one
            UnbanOutcome unban = await service.UnbanAsync(outcome.Persisted);
            Assert.True(unban.Verified);
            Assert.Equal("221 2.0.0 Bye.", (await WireClient.SmtpAsync(options.Ports.Smtp, ClientX, null, "QUIT"))[^1]);
            string log = File.ReadAllText(Path.Combine(_dir, AuditLog.FileName));
            Assert.Contains("restart verified", log, StringComparison.Ordinal);
            Assert.Contains("persisted 203.0.113.7", log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_gate_refuses_the_restart_while_the_postgres_route_is_down()
    {
        // given
        var (standin, options) = await StartAsync("0.15");
        await using (standin)
        {
            using StalwartClient client = StandinBans.Client(options.Ports!);
            BanService service = StandinBans.Service(client, ClientX, _dir);
            var flush = new BanFlush(service, standin, new AuditLog(Path.Combine(_dir, AuditLog.FileName), TimeProvider.System), TimeProvider.System);
            StandinProcess before = standin.Current;

            // when the route is down
            await pg.StopAsync();
            FlushOutcome outcome;
            try
            {
                outcome = await flush.RunAsync();
            }
            finally
            {
                await pg.StartAsync();
            }

            // then nothing was restarted
            Assert.Equal(FlushStatus.GateRefused, outcome.Status);
            Assert.Equal(0, standin.Restarts);
            Assert.Same(before, standin.Current);
            Assert.False(before.HasExited);
            Assert.Contains("refused by the route gate", File.ReadAllText(Path.Combine(_dir, AuditLog.FileName)), StringComparison.Ordinal);
        }
    }
}
