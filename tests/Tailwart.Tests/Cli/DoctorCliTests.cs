using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

public sealed class DoctorCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A config whose every endpoint is a closed loopback port: nothing leaves the machine, everything fails fast.</summary>
    private string DeadEndConfig() => _dir.Write("c.json", Configs.Valid(root =>
    {
        root["compose"]!["projectDirectory"] = _dir.Path;
        root["dns"]!["resolver"] = "127.0.0.1:9";
        root["stalwart"]!["adminUrl"] = "http://127.0.0.1:9";
        root["spaceship"]!["baseUrl"] = "http://127.0.0.1:9/api/v1";
        root["certspotter"]!["baseUrl"] = "http://127.0.0.1:9/v1";
        root["edge"]!["publicHostname"] = "127.0.0.1";
    }));

    [Fact]
    public async Task Doctor_json_validates_against_the_shipped_schema_and_failures_exit_2()
    {
        // given
        string config = DeadEndConfig();

        // when
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "doctor", "--json", "--config", config);

        // then
        Assert.Equal(2, run.ExitCode);
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "doctor.schema.json")));
        using var doc = JsonDocument.Parse(run.Out);
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, run.Out);
        var ids = JsonNode.Parse(run.Out)!["checks"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["stack", "route", "lint", "dns", "certs", "bans", "postmaster.rdns", "postmaster.spf", "postmaster.dmarc", "postmaster.blocklists", "postmaster.dane", "key-test"], ids);
        Assert.Contains("lint.compose-file-missing", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("canary", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_skips_the_key_test_when_its_budget_is_spent()
    {
        string config = DeadEndConfig();
        await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "key-test", "--config", config);

        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "doctor", "--only", "key-test", "--config", config);

        Assert.Contains("Key test skipped: budget", run.Out, StringComparison.Ordinal);
        Assert.Contains("next at", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_check_names_are_refused_with_the_list()
    {
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "doctor", "--only", "bogus", "--config", DeadEndConfig());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown check(s): bogus", run.Error, StringComparison.Ordinal);
    }
}
