using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Json.Schema;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Doctor;

/// <summary>
/// One `tailwart doctor --json` against the lab, as its own process (the built tailwart beside the
/// tests), with a fresh state directory so no probe budget carries over from another run, and the
/// lab's CA as the only trust anchor (SSL_CERT_FILE) so a healthy lab's chain validates.
/// </summary>
internal sealed record DoctorRun(int ExitCode, string Out, string Error, JsonObject Report, TimeSpan RunTime)
{
    // Built once: the schema library keeps a global registry keyed by the schema's $id.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "doctor.schema.json"))));

    public IReadOnlyList<JsonObject> Findings =>
        [.. Report["checks"]!.AsArray().SelectMany(c => c!["findings"]!.AsArray()).Select(f => f!.AsObject())];

    public IEnumerable<string> IdsAt(string severity) =>
        Findings.Where(f => f["severity"]!.GetValue<string>() == severity).Select(f => f["id"]!.GetValue<string>());

    /// <summary>Every finding, one per line, for assertion messages.</summary>
    public string Describe() => string.Join('\n', Findings.Select(f => $"{f["id"]} {f["severity"]}: {f["title"]} | {f["evidence"]}")) + "\n" + Error;

    public static async Task<DoctorRun> RunAsync(LabEnvironment lab, string trustAnchors, params string[] doctorArgs)
    {
        string state = Directory.CreateTempSubdirectory("tailwart-doctor-").FullName;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var result = await CliWrap.Cli.Wrap(Path.Combine(AppContext.BaseDirectory, "tailwart"))
                .WithArguments(["--config", lab.ConfigPath, "doctor", "--json", .. doctorArgs])
                .WithEnvironmentVariables(e => e.Set("HOME", state).Set("XDG_STATE_HOME", state).Set("SSL_CERT_FILE", trustAnchors).Set("SSL_CERT_DIR", state)
                    // the finished deployment's compose: restart: "no" on Stalwart (lint.stalwart-restart-policy, issue 20)
                    .Set("TAILWART__COMPOSE__FILES__1", "supervised.override.yml"))
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token);
            var report = JsonNode.Parse(result.StandardOutput)!.AsObject();
            AssertValid(result.StandardOutput);
            return new DoctorRun(result.ExitCode, result.StandardOutput, result.StandardError, report, result.RunTime);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>The output validates against the schema shipped beside the binary.</summary>
    private static void AssertValid(string json)
    {
        JsonSchema schema = Schema.Value;
        using var doc = JsonDocument.Parse(json);
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, "doctor --json does not match doctor.schema.json:\n" + json);
    }
}
