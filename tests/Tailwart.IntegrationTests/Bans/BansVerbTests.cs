using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tailwart.Cli;
using Tailwart.Core.Bans;
using Tailwart.IntegrationTests.Standins;

namespace Tailwart.IntegrationTests.Bans;

/// <summary>`tailwart bans` end to end (config, secret reference, paths, --json, exit codes, audit file) against the stand-in.</summary>
public sealed class BansVerbTests(PostgresCluster pg) : IClassFixture<PostgresCluster>, IDisposable
{
    private const string Password = StandinOptions.AdminPassword;
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-bans-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(int httpPort)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "tailwart.sln")))
            dir = dir.Parent;
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "tests/lab/tailwart.lab.json")))!.AsObject();
        // A compose project no container carries: with the lab's own name, tailwart's netns-loopback path reaches the
        // lab's Stalwart whenever a lab test runs beside this one, and its answer (another password) can win the race.
        root["compose"]!["projectName"] = "tailwart-bans-verb-test";
        root["stalwart"]!["adminUrl"] = $"http://127.0.0.1:{httpPort}";
        root["stalwart"]!["adminPassword"] = "env:TW_TEST_ADMIN_PASSWORD";
        root["postgres"]!["password"] = "env:TW_TEST_PG_PASSWORD";
        root["edge"]!["wanIp"] = "203.0.113.7";
        root["dns"]!["resolver"] = null;
        string path = Path.Combine(_dir, "tailwart.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new CliEnvironment(stdout, stderr, new Dictionary<string, string>
        {
            ["XDG_STATE_HOME"] = _dir, ["HOME"] = _dir, ["TW_TEST_ADMIN_PASSWORD"] = Password, ["TW_TEST_PG_PASSWORD"] = "unused-pg-pw",
        }, _dir, IsTerminal: false);
        int code = await TailwartCli.RunAsync(args, env); // default TUI launcher: no bans verb opens it
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task List_unban_and_allow_fix_work_end_to_end_with_exit_codes_and_an_audit_trail(string generation)
    {
        // given the box's WAN IP banned through PROXY
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = generation });
        await WireClient.SmtpAsync(standin.Ports.Smtp, IPAddress.Parse("203.0.113.7"), null, "GARBAGE");
        await standin.WaitForAsync(l => l.Contains("(security.scan-ban) remoteIp = 203.0.113.7", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        string config = WriteConfig(standin.Ports.Http);

        // when
        var list = await RunAsync("bans", "--json", "--config", config);
        var unban = await RunAsync("bans", "unban", "203.0.113.7", "--yes", "--json", "--config", config);
        var fix = await RunAsync("bans", "allow-fix", "--yes", "--config", config);
        var clean = await RunAsync("bans", "list", "--config", config);

        // then the list warned (exit 1) with the WAN IP highlighted and the allow-list incomplete
        Assert.True(list.Code == ExitCodes.Warnings, list.Out + list.Err);
        using (var doc = JsonDocument.Parse(list.Out))
        {
            var ban = doc.RootElement.GetProperty("bans")[0];
            Assert.Equal("203.0.113.7", ban.GetProperty("address").GetString());
            Assert.Equal("WanIp", ban.GetProperty("highlight")[0].GetString());
            Assert.Equal("admin-url", doc.RootElement.GetProperty("path").GetString());
            Assert.Equal(2, doc.RootElement.GetProperty("allowListMissing").GetArrayLength());
            Assert.StartsWith("Answers", doc.RootElement.GetProperty("adminPort").GetString(), StringComparison.Ordinal);
        }
        // the unban was verified (exit 0), the allow-list fixed (exit 0), and the list is now clean (exit 0)
        Assert.True(unban.Code == ExitCodes.Ok, unban.Out + unban.Err);
        Assert.Contains("\"verified\": true", unban.Out, StringComparison.Ordinal);
        Assert.True(fix.Code == ExitCodes.Ok, fix.Out + fix.Err);
        Assert.Contains("allow-listed 100.64.0.0/10, 203.0.113.7 over admin-url (verified", fix.Out, StringComparison.Ordinal);
        Assert.True(clean.Code == ExitCodes.Ok, clean.Out + clean.Err);
        Assert.Contains("no bans.", clean.Out, StringComparison.Ordinal);
        // and every action left an audit line in a 0600 file, without the password
        string auditPath = Path.Combine(_dir, "tailwart", AuditLog.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(auditPath));
        string audit = File.ReadAllText(auditPath);
        Assert.Contains("bans.unban over admin-url: removed 203.0.113.7", audit, StringComparison.Ordinal);
        Assert.Contains("bans.allow-fix verified", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, audit + list.Out + unban.Out + fix.Out + clean.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_015_a_reload_with_a_configuration_error_makes_allow_fix_report_stalwarts_error_exit_2_and_not_claim_verified()
    {
        // given a 0.15 stand-in whose settings hold an allow-list entry that is not an address: every full reload fails
        // and applies nothing (v0.15.5 crates/common/src/manager/reload.rs), while the HTTP answer is still 200
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.15" });
        await pg.ScalarAsync(db, "INSERT INTO settings(key, value) VALUES ('server.allowed-ip.999.1.1.1', ''); SELECT 1");
        string config = WriteConfig(standin.Ports.Http);

        // when
        var fix = await RunAsync("bans", "allow-fix", "--yes", "--json", "--config", config);
        var text = await RunAsync("bans", "allow-fix", "--yes", "--config", config);

        // then: exit 2, Stalwart's own words, never "verified" — although the keys are now in the settings store
        Assert.True(fix.Code == ExitCodes.Failure, fix.Out + fix.Err);
        using (var doc = JsonDocument.Parse(fix.Out))
        {
            Assert.False(doc.RootElement.GetProperty("verified").GetBoolean());
            Assert.Contains("Invalid IP address value \"999.1.1.1\"", doc.RootElement.GetProperty("stalwartError").GetString(), StringComparison.Ordinal);
        }
        Assert.NotEqual(ExitCodes.Ok, text.Code);
        Assert.Contains("server.allowed-ip: parse: Invalid IP address value", text.Out + text.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("verified", text.Out + text.Err, StringComparison.Ordinal);
        Assert.Equal(2L, await pg.ScalarAsync(db, "SELECT count(*) FROM settings WHERE key IN ('server.allowed-ip.100.64.0.0/10', 'server.allowed-ip.203.0.113.7')"));
    }
}
