using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Docker;
using Tailwart.Core.Lint;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Lint;

/// <summary>
/// Issue 19 item 4's three false findings, on the files' own merge (<see cref="ComposeLint.Run"/>) and on
/// compose's model (<see cref="ComposeLint.RunAsync"/>, the real docker-compose 1.29 installed here; the v2
/// plugin is not available on this machine, so its JSON path and `include:` through compose are not exercised).
/// </summary>
public sealed class ComposeModelLintTests : IDisposable
{
    private const string Base = """
        services:
          ts-stalwart:
            image: tailscale/tailscale
            healthcheck:
              test: ["CMD-SHELL", "echo | nc -w 2 ${PGHOST} 5432"]
          stalwart:
            image: stalwartlabs/stalwart
            network_mode: "service:${SIDECAR:-ts-stalwart}"
            depends_on:
              ts-stalwart:
                condition: service_healthy
        """;

    private const string IntervalOnly = """
        services:
          ts-stalwart:
            healthcheck:
              interval: 5s
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private TailwartConfig Config(params string[] files)
    {
        var config = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json")).Config! with { SourcePath = Path.Combine(_dir.Path, "tailwart.json") };
        return config with { Compose = config.Compose with { ProjectDirectory = "stack", Files = files, Command = "v1" } };
    }

    private void Stack(params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files)
            _dir.Write("stack/" + name, text);
        _dir.Write("stack/.env", "PGHOST=the-record-prod\n");
    }

    [Fact]
    public void An_override_setting_only_the_interval_keeps_the_base_healthcheck()
    {
        Stack(("docker-compose.yml", Base), ("override.yml", IntervalOnly));
        Assert.Empty(ComposeLint.Run(Config("docker-compose.yml", "override.yml")));
    }

    [Fact]
    public void Interpolated_network_mode_and_healthcheck_give_no_false_warning()
    {
        Stack(("docker-compose.yml", Base));
        Assert.Empty(ComposeLint.Run(Config("docker-compose.yml")));
    }

    [Fact]
    public void Interpolation_still_finds_a_real_problem()
    {
        Stack(("docker-compose.yml", Base.Replace("${SIDECAR:-ts-stalwart}", "${SIDECAR:-other}", StringComparison.Ordinal)));
        var f = Assert.Single(ComposeLint.Run(Config("docker-compose.yml")));
        Assert.Equal("lint.stalwart-not-in-sidecar-netns", f.Id);
        Assert.Contains("service:other", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_from_an_include_are_not_reported_missing()
    {
        string sidecar = Base[..Base.IndexOf("  stalwart:", StringComparison.Ordinal)];
        string stalwart = "include:\n  - sidecar.yml\nservices:\n" + Base[Base.IndexOf("  stalwart:", StringComparison.Ordinal)..];
        Stack(("docker-compose.yml", stalwart), ("sidecar.yml", sidecar));
        Assert.Empty(ComposeLint.Run(Config("docker-compose.yml")));
    }

    [Fact]
    public void A_finding_points_at_the_file_and_line_the_user_wrote()
    {
        Stack(("docker-compose.yml", Base.Replace("condition: service_healthy", "condition: service_started", StringComparison.Ordinal)),
            ("override.yml", "services:\n  stalwart:\n    image: stalwartlabs/stalwart:v0.16\n    depends_on:\n      ts-stalwart:\n        condition: service_started\n"));
        var f = Assert.Single(ComposeLint.Run(Config("docker-compose.yml", "override.yml")));
        Assert.Equal("lint.depends-on-not-healthy", f.Id);
        Assert.StartsWith(Path.Combine(_dir.Path, "stack", "override.yml") + ":4:", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_1_29s_own_model_merges_the_partial_override_and_interpolates()
    {
        Stack(("docker-compose.yml", Base), ("override.yml", IntervalOnly));
        var config = Config("docker-compose.yml", "override.yml");
        var compose = new ComposeCli(config.Compose, Path.Combine(_dir.Path, "stack"));
        Assert.Empty(await ComposeLint.RunAsync(config, compose));
    }

    [Fact]
    public async Task On_compose_1_29s_model_a_finding_still_names_the_users_file_and_line()
    {
        Stack(("docker-compose.yml", Base), ("override.yml", "services:\n  stalwart:\n    image: stalwartlabs/stalwart:v0.16\n    depends_on:\n      ts-stalwart:\n        condition: service_started\n"));
        var config = Config("docker-compose.yml", "override.yml");
        var f = Assert.Single(await ComposeLint.RunAsync(config, new ComposeCli(config.Compose, Path.Combine(_dir.Path, "stack"))));
        Assert.Equal("lint.depends-on-not-healthy", f.Id);
        Assert.StartsWith(Path.Combine(_dir.Path, "stack", "override.yml") + ":4:", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_compose_refuses_is_a_failure_with_composes_own_words()
    {
        Stack(("docker-compose.yml", "services:\n  ts-stalwart:\n    healthcheck:\n      test: true\n"));
        var config = Config("docker-compose.yml");
        var f = Assert.Single(await ComposeLint.RunAsync(config, new ComposeCli(config.Compose, Path.Combine(_dir.Path, "stack"))));
        Assert.Equal("lint.compose-config-failed", f.Id);
        Assert.Equal(Severity.Failure, f.Severity);
        Assert.True(f.Evidence.Contains("docker-compose.yml' is invalid because", StringComparison.Ordinal), f.Evidence);
    }

    [Theory]
    [InlineData("${A}", "a")]
    [InlineData("$A/x", "a/x")]
    [InlineData("${MISSING:-d}", "d")]
    [InlineData("${EMPTY:-d}", "d")]
    [InlineData("${EMPTY-d}", "")]
    [InlineData("${A:+alt}", "alt")]
    [InlineData("$$A", "$A")]
    [InlineData("${MISSING}", "")]
    public void Interpolation_follows_the_compose_spec(string text, string expected)
    {
        var i = new ComposeInterpolation(new Dictionary<string, string> { ["A"] = "a", ["EMPTY"] = "" });
        Assert.Equal(expected, i.Apply(text));
    }
}
