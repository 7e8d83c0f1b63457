using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

public sealed class DoctorCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    // JsonSchema.Net registers a schema by its $id once per process.
    private static readonly Lazy<JsonSchema> DoctorSchema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "doctor.schema.json"))));

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
        var schema = DoctorSchema.Value;
        using var doc = JsonDocument.Parse(run.Out);
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, run.Out);
        var ids = JsonNode.Parse(run.Out)!["checks"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["stack", "route", "lint", "dns", "certs", "bans", "postmaster.rdns", "postmaster.spf", "postmaster.dmarc", "postmaster.blocklists", "postmaster.dkim", "postmaster.dane", "key-test"], ids);
        Assert.Contains("lint.compose-file-missing", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("canary", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_changes_shows_what_is_new_gone_or_changed_since_the_previous_run()
    {
        // given a first run (the compose file is missing), then the file created
        string config = DeadEndConfig();
        var first = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "doctor", "--only", "lint", "--changes", "--config", config);
        var same = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "doctor", "--only", "lint", "--changes", "--json", "--config", config);
        foreach (string file in JsonNode.Parse(File.ReadAllText(config))!["compose"]!["files"]!.AsArray().Select(f => f!.GetValue<string>()))
            File.WriteAllText(Path.Combine(_dir.Path, file), "services: {}\n");

        // when
        var fixedRun = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "doctor", "--only", "lint", "--changes", "--config", config);

        // then
        Assert.Contains("no previous doctor run to compare with", first.Out, StringComparison.Ordinal);
        var report = JsonNode.Parse(same.Out)!;
        Assert.NotNull(report["since"]);
        Assert.Empty(report["gone"]!.AsArray());
        var missing = report["checks"]![0]!["findings"]!.AsArray().Single(f => f!["id"]!.GetValue<string>() == "lint.compose-file-missing")!;
        Assert.Equal("unchanged", missing["change"]!.GetValue<string>());
        var schema = DoctorSchema.Value;
        using (var doc = JsonDocument.Parse(same.Out))
            Assert.True(schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid, same.Out);
        Assert.Contains("- gone ✗ failure: Compose file missing [lint.compose-file-missing]", fixedRun.Out, StringComparison.Ordinal);
        Assert.Matches(@"since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ: \d+ new, 1 gone, 0 changed", fixedRun.Out);
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
