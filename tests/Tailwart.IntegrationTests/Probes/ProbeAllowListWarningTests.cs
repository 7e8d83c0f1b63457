using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Tailwart.IntegrationTests.Standins;
using Tailwart.IntegrationTests.Support;

namespace Tailwart.IntegrationTests.Probes;

/// <summary>Before probing through the edge, tailwart reads the allow-list and warns when the box's WAN IP is missing (lesson 3).</summary>
public sealed class ProbeAllowListWarningTests(PostgresCluster pg) : IClassFixture<PostgresCluster>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-probe-allow-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_probe_through_the_edge_warns_when_the_wan_ip_is_not_allow_listed()
    {
        // given a Stalwart whose allow-list is empty, and an edge that is not there (nothing listens)
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.15" });
        string config = WriteConfig(standin.Ports.Http);

        // when
        var run = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "tailwart.dll"), "--config", config, "probe", "25", "--json"])
            .WithEnvironmentVariables(e => e.Set("XDG_STATE_HOME", Path.Combine(_dir, "state")).Set("HOME", _dir))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        // then
        var warning = Assert.Single(JsonNode.Parse(run.StandardOutput)!["warnings"]!.AsArray())!.GetValue<string>();
        Assert.Contains("203.0.113.7", warning, StringComparison.Ordinal);
        Assert.Contains("tailwart bans allow-fix", warning, StringComparison.Ordinal);
    }

    private string WriteConfig(int adminPort)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tailwart.json")))!.AsObject();
        root.Remove("$schema");
        root["stalwart"]!["adminUrl"] = $"http://127.0.0.1:{adminPort}";
        root["stalwart"]!["adminPassword"] = "file:admin";
        root["edge"]!["publicHostname"] = "127.0.0.1";
        root["edge"]!["wanIp"] = "203.0.113.7";
        root["dns"]!["resolver"] = "127.0.0.1:9";
        root["compose"]!["projectName"] = "tailwart-probe-test";
        File.WriteAllText(Path.Combine(_dir, "admin"), StandinOptions.AdminPassword);
        File.SetUnixFileMode(Path.Combine(_dir, "admin"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string path = Path.Combine(_dir, "tailwart.json");
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
