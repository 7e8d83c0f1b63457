using System.Text.Json;
using Tailwart.Cli;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

public sealed class CliExitCodeTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliRun> Run(params string[] args) => CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, args);

    [Fact]
    public async Task Version_exits_0_and_prints_the_version()
    {
        var run = await Run("version");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith("tailwart 0.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_json_is_one_json_document()
    {
        var run = await Run("version", "--json");

        using var doc = JsonDocument.Parse(run.Out);
        Assert.StartsWith("0.", doc.RootElement.GetProperty("version").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("--version", "--json")]
    [InlineData("--json", "--version")]
    public async Task Dash_dash_version_prints_what_the_version_verb_prints(params string[] args)
    {
        var verb = await Run([.. args.Select(a => a == "--version" ? "version" : a)]);
        var option = await Run(args);

        Assert.Equal(ExitCodes.Ok, option.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(verb.Out));
        Assert.Equal(verb.Out, option.Out);
    }

    [Fact]
    public async Task Config_check_on_the_shipped_config_exits_0_when_its_secrets_are_available()
    {
        var run = await Run("config", "check", "--config", RepoPaths.File("tailwart.json"));

        Assert.True(run.ExitCode == ExitCodes.Ok, run.All);
        Assert.Contains(": OK", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_exits_2_naming_a_missing_secret_variable()
    {
        var run = await CliRun.InvokeAsync(_dir.Path, env: null, terminal: false, tui: null, "config", "check", "--config", RepoPaths.File("tailwart.json"));

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("$.postgres.password: environment variable STALWART_DB_PASSWORD is not set", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_exits_1_on_warnings_only()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root["stalwart"]!.AsObject()["adminPassword"] = "inline-admin-secret"));

        var run = await Run("config", "check", "--config", path);

        Assert.Equal(ExitCodes.Warnings, run.ExitCode);
        Assert.Contains("warning", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("inline-admin-secret", run.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"compose\": ")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{ \"compose\": { \"projectDirectory\": 3, \"files\": [] } }")]
    public async Task Config_check_exits_2_on_bad_input_without_a_stack_trace(string text)
    {
        string path = _dir.Write("bad.json", text);

        var run = await Run("config", "check", "--config", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains(path, run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public async Task Config_check_json_lists_problems_with_line_and_path()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root["postgres"]!.AsObject()["port"] = 70000));

        var run = await Run("config", "check", "--json", "--config", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("$.postgres.port", problem.GetProperty("path").GetString());
        Assert.True(problem.GetProperty("line").GetInt32() > 1);
    }

    [Fact]
    public async Task Config_show_masks_secrets_as_references()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root["postgres"]!.AsObject()["password"] = "inline-db-secret"));

        var run = await Run("config", "show", "--json", "--config", path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var config = doc.RootElement.GetProperty("config");
        Assert.Equal("(inline secret)", config.GetProperty("postgres").GetProperty("password").GetString());
        Assert.Equal("env:STALWART_ADMIN_PASSWORD", config.GetProperty("stalwart").GetProperty("adminPassword").GetString());
        Assert.DoesNotContain("inline-db-secret", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_applies_environment_overrides()
    {
        var env = new Dictionary<string, string>(Configs.SecretEnvironment) { ["TAILWART__Postgres__Host"] = "db.example.net" };

        var run = await CliRun.InvokeAsync(_dir.Path, env, false, null, "config", "show", "--config", RepoPaths.File("tailwart.json"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("db.example.net", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_exits_2_with_usage_hint()
    {
        var run = await Run("--frobnicate");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("tailwart --help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_config_exits_2_and_lists_where_it_looked()
    {
        var run = await CliRun.InvokeAsync(_dir.Path, new Dictionary<string, string>(), false, null, "config", "check");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("No tailwart config found", run.Error, StringComparison.Ordinal);
        Assert.Contains("/etc/tailwart/tailwart.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tui_refuses_to_start_without_a_terminal()
    {
        var run = await Run("--config", RepoPaths.File("tailwart.json"));

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("needs a terminal", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tui_opens_on_a_terminal_with_the_global_flags()
    {
        Tailwart.Tui.TuiOptions? seen = null;

        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: true, tui: o => { seen = o; return 0; }, "--read-only", "--no-color", "--config", RepoPaths.File("tailwart.json"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.NotNull(seen);
        Assert.True(seen.ReadOnly);
        Assert.False(seen.Color);
    }

    [Fact]
    public async Task Tui_is_not_opened_when_the_config_is_bad()
    {
        string path = _dir.Write("bad.json", "{}");

        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: true, tui: null, "--config", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("missing required key(s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_exits_1_with_lesson_1_findings_as_json()
    {
        // given: a stack whose sidecar healthcheck only checks the tailnet IP
        // (each service has an image: the lint reads compose's own model, and compose refuses a service without one)
        _dir.Write("stack/docker-compose.yml", "services:\n  ts-stalwart:\n    image: tailscale/tailscale\n    healthcheck:\n      test: wget -q -O- http://127.0.0.1:9002/healthz\n  stalwart:\n    image: stalwartlabs/stalwart\n    network_mode: service:ts-stalwart\n    depends_on:\n      ts-stalwart:\n        condition: service_healthy\n");
        string path = _dir.Write("c.json", Configs.Valid(root => root["compose"]!.AsObject()["projectDirectory"] = "stack"));

        // when
        var run = await Run("lint", "--json", "--config", path);

        // then
        Assert.Equal(ExitCodes.Warnings, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var finding = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("lint.sidecar-healthcheck-no-route", finding.GetProperty("id").GetString());
        Assert.Equal(1, finding.GetProperty("lesson").GetInt32());
    }
}
