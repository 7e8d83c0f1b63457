using Microsoft.Extensions.Time.Testing;
using Tailwart.Cli;
using Tailwart.Core;
using Tailwart.Core.Config;
using Tailwart.Core.Docker;
using Tailwart.Core.Guards;
using Tailwart.Core.Lint;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Lint;

/// <summary>
/// Issue 19 item 4: compose's own model is read once per run and shared (lint, the doctor's lint check,
/// status, the network attach), on the real docker-compose 1.29 installed here; and the v2 plugin's JSON
/// model (not installed here: the JSON below is what `docker compose config --format json` prints for
/// these files, compose v2.29) is judged the same way, `include:` and all, with findings at the user's line.
/// </summary>
public sealed class ComposeModelCacheTests : IDisposable
{
    private const string Sidecar = """
        services:
          ts-stalwart:
            image: tailscale/tailscale
            healthcheck:
              test: ["CMD-SHELL", "echo | nc -w 2 ${PGHOST} 5432"]
        """;

    private const string Stalwart = """
        services:
          stalwart:
            image: stalwartlabs/stalwart
            network_mode: "service:${SIDECAR:-ts-stalwart}"
            depends_on:
              ts-stalwart:
                condition: service_healthy
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private TailwartConfig Config(string command, params string[] files)
    {
        var config = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json")).Config! with { SourcePath = Path.Combine(_dir.Path, "tailwart.json") };
        return config with { Compose = config.Compose with { ProjectDirectory = "stack", Files = files, Command = command } };
    }

    private string StackDir => Path.Combine(_dir.Path, "stack");

    private TailwartCore Core(TailwartConfig config)
    {
        var redactor = new Redactor();
        var secrets = new SecretResolver(redactor, k => Configs.SecretEnvironment.TryGetValue(k, out string? v) ? v : null);
        return new TailwartCore(config, new StatePaths(Path.Combine(_dir.Path, "state")), new FakeTimeProvider(), secrets, redactor, new ReadOnlyPolicy(false), DockerEndpoint.Unix("/nonexistent/docker.sock"));
    }

    [Fact]
    public async Task Lint_doctor_and_status_in_one_run_ask_compose_1_29_once()
    {
        // given: a stack with a partial override, linted through the facade as the verbs do
        _dir.Write("stack/docker-compose.yml", Sidecar + "\n" + Stalwart.Replace("services:\n", "", StringComparison.Ordinal));
        _dir.Write("stack/override.yml", "services:\n  ts-stalwart:\n    healthcheck:\n      interval: 5s\n");
        _dir.Write("stack/.env", "PGHOST=the-record-prod\n");
        using TailwartCore core = Core(Config("v1", "docker-compose.yml", "override.yml"));

        // (no dockerd at that socket: the lint needs none)
        // when: three callers, two of them at once (the doctor runs its checks concurrently)
        var both = await Task.WhenAll(core.LintModelAsync(), core.LintModelAsync());
        var third = await core.LintModelAsync();

        // then: one `compose config`, the same clean verdict for each
        Assert.Equal(1, core.ComposeModel.Reads);
        Assert.All(both, Assert.Empty);
        Assert.Empty(third);
    }

    [Fact]
    public async Task An_edited_file_is_read_again_so_a_long_running_tui_sees_the_edit()
    {
        // given: a clean stack, linted once
        _dir.Write("stack/docker-compose.yml", Sidecar + "\n" + Stalwart.Replace("services:\n", "", StringComparison.Ordinal));
        _dir.Write("stack/.env", "PGHOST=the-record-prod\n");
        var config = Config("v1", "docker-compose.yml");
        var cache = ComposeModelCache.Over(new ComposeCli(config.Compose, StackDir), config.Compose.Files, StackDir);
        Assert.Empty(await ComposeLint.RunAsync(config, cache));

        // when: the user edits the dependent's condition (another size, so the change is seen whatever the clock's grain)
        _dir.Write("stack/docker-compose.yml", Sidecar + "\n" + Stalwart.Replace("services:\n", "", StringComparison.Ordinal).Replace("service_healthy", "service_started", StringComparison.Ordinal) + "\n# edited\n");
        var f = Assert.Single(await ComposeLint.RunAsync(config, cache));

        // then: compose was asked again, and the finding is at the line the user wrote
        Assert.Equal(2, cache.Reads);
        Assert.Equal("lint.depends-on-not-healthy", f.Id);
        Assert.StartsWith(Path.Combine(StackDir, "docker-compose.yml") + ":", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_refusing_the_files_is_one_failure_finding_and_is_not_asked_twice()
    {
        // given: a file compose 1.29 refuses
        _dir.Write("stack/docker-compose.yml", "services:\n  ts-stalwart:\n    healthcheck:\n      test: true\n");
        var config = Config("v1", "docker-compose.yml");
        var cache = ComposeModelCache.Over(new ComposeCli(config.Compose, StackDir), config.Compose.Files, StackDir);

        // when
        var first = Assert.Single(await ComposeLint.RunAsync(config, cache));
        var second = Assert.Single(await ComposeLint.RunAsync(config, cache));

        // then
        Assert.Equal("lint.compose-config-failed", first.Id);
        Assert.Equal(first.Evidence, second.Evidence);
        Assert.Equal(1, cache.Reads);
    }

    /// <summary>What the v2 plugin prints (`config --format json`) for docker-compose.yml including sidecar.yml: merged, interpolated.</summary>
    private static string V2Json(string condition) => """
        {
          "name": "stack",
          "services": {
            "stalwart": {
              "depends_on": {"ts-stalwart": {"condition": "CONDITION", "required": true}},
              "image": "stalwartlabs/stalwart",
              "network_mode": "service:ts-stalwart"
            },
            "ts-stalwart": {
              "healthcheck": {"test": ["CMD-SHELL", "echo | nc -w 2 the-record-prod 5432"], "interval": "5s"},
              "image": "tailscale/tailscale",
              "networks": {"default": null}
            }
          },
          "networks": {"default": {"name": "stack_default", "ipam": {}}}
        }
        """.Replace("CONDITION", condition, StringComparison.Ordinal);

    [Fact]
    public async Task The_v2_plugins_json_model_with_include_gives_no_missing_service_and_no_false_warning()
    {
        // given: the sidecar in an included file, the interval in an override (compose v2's JSON has merged both)
        _dir.Write("stack/docker-compose.yml", "include:\n  - sidecar.yml\n" + Stalwart);
        _dir.Write("stack/sidecar.yml", Sidecar);
        var config = Config("v2", "docker-compose.yml");
        var cache = new ComposeModelCache(_ => Task.FromResult(V2Json("service_healthy")), config.Compose.Files.Select(f => Path.Combine(StackDir, f)).ToList(), StackDir);

        // when
        var findings = await ComposeLint.RunAsync(config, cache);

        // then
        Assert.Empty(findings);
    }

    [Fact]
    public async Task On_the_v2_json_model_a_finding_names_the_users_file_and_line()
    {
        // given: the dependent only waits for the sidecar to start (line 7 of the file the user wrote)
        _dir.Write("stack/docker-compose.yml", "include:\n  - sidecar.yml\n" + Stalwart.Replace("service_healthy", "service_started", StringComparison.Ordinal));
        _dir.Write("stack/sidecar.yml", Sidecar);
        var config = Config("v2", "docker-compose.yml");
        var cache = new ComposeModelCache(_ => Task.FromResult(V2Json("service_started")), config.Compose.Files.Select(f => Path.Combine(StackDir, f)).ToList(), StackDir);

        // when
        var f = Assert.Single(await ComposeLint.RunAsync(config, cache));

        // then
        Assert.Equal("lint.depends-on-not-healthy", f.Id);
        Assert.StartsWith(Path.Combine(StackDir, "docker-compose.yml") + ":7:", f.Evidence, StringComparison.Ordinal);
    }
}
