using Tailwart.IntegrationTests.Support;
using Tailwart.Tests.Support;
using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;

namespace Tailwart.IntegrationTests.Probes;

/// <summary>
/// The probe budget holds across real processes: two tailwart CLIs asking for 50 probes of the
/// same port within seconds put exactly one connection on the wire (counted at the listener).
/// </summary>
public sealed class ProbeBudgetAcrossProcessesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-probe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Fifty_requests_from_two_processes_put_one_probe_on_the_wire()
    {
        // given: an HTTP listener standing in for the admin port, counting connections
        await using var adminPort = new CountingAdminPort();
        string config = WriteConfig(adminPort.Port);

        // when: two processes, 25 probes of port 8080 each, at the same time
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RunTailwartAsync(config, ["probe", "--json", .. Enumerable.Repeat("8080", 25)])));
        await adminPort.StopAsync();

        // then
        Assert.Equal(1, adminPort.Accepted);
        var outcomes = runs.SelectMany(r => JsonNode.Parse(r.StandardOutput)!["results"]!.AsArray().Select(x => x!["outcome"]!.GetValue<string>())).ToList();
        Assert.Equal(50, outcomes.Count);
        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(49, outcomes.Count(o => o == "refused"));
        Assert.All(runs, r => Assert.Equal(3, r.ExitCode));
    }

    [Fact]
    public async Task The_budget_survives_a_restart_and_the_refusal_says_when_the_next_probe_is_allowed()
    {
        await using var adminPort = new CountingAdminPort();
        string config = WriteConfig(adminPort.Port);

        var first = await RunTailwartAsync(config, ["probe", "8080"]);
        var second = await RunTailwartAsync(config, ["probe", "8080"]);
        await adminPort.StopAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(3, second.ExitCode);
        Assert.Contains("refused", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("next allowed at", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, adminPort.Accepted);
    }

    private string WriteConfig(int adminPort)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tailwart.json")))!.AsObject();
        root.Remove("$schema");
        root["stalwart"]!["adminUrl"] = $"http://127.0.0.1:{adminPort}";
        string path = Path.Combine(_dir, "tailwart.json");
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private Task<BufferedCommandResult> RunTailwartAsync(string config, string[] args) =>
        CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "tailwart.dll"), "--config", config, .. args])
            .WithEnvironmentVariables(e => e.Set("XDG_STATE_HOME", Path.Combine(_dir, "state")).Set("HOME", _dir))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

}
