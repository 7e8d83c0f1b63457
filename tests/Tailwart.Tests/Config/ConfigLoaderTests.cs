using Tailwart.Core.Config;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ConfigLoadResult Load(string path, Dictionary<string, string>? env = null) =>
        new ConfigLoader(() => env ?? []).Load(path);

    [Fact]
    public void Shipped_config_loads_without_problems()
    {
        // when
        var result = Load(RepoPaths.File("tailwart.json"));

        // then
        Assert.False(result.HasErrors, string.Join("\n", result.Problems));
        Assert.Empty(result.Problems);
        Assert.Equal("ts-stalwart", result.Config!.Services.Sidecar);
        Assert.Equal("the-record-prod", result.Config.Postgres.Host);
        Assert.Equal(5432, result.Config.Postgres.Port);
    }

    [Fact]
    public void A_config_without_additional_hostnames_lists_the_four_named_ones()
    {
        // given a config written before mail.hostnames.additional existed
        var result = Load(_dir.Write("old.json", Configs.Valid(root => root["mail"]!["hostnames"]!.AsObject().Remove("additional"))), Configs.SecretEnvironment.ToDictionary());

        // when
        var names = result.Config!.Mail.Hostnames.All().ToList();

        // then
        Assert.Equal(["mail.example.com", "mta-sts.example.com", "autoconfig.example.com", "autodiscover.example.com"], names);
    }

    [Fact]
    public void Missing_file_is_an_error_that_says_how_to_point_at_one()
    {
        var result = Load(Path.Combine(_dir.Path, "nope.json"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ConfigSeverity.Error, problem.Severity);
        Assert.Contains("not found", problem.Message, StringComparison.Ordinal);
        Assert.Contains("--config", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_not_a_config()
    {
        var problem = Assert.Single(Load(_dir.Path).Problems);
        Assert.Contains("directory", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_file_is_refused_before_it_is_read()
    {
        // given
        string path = _dir.Write("huge.json", "{\"x\":\"" + new string('a', (int)ConfigLoader.MaxBytes) + "\"}");

        // then
        var problem = Assert.Single(Load(path).Problems);
        Assert.Contains("too large", problem.Message, StringComparison.Ordinal);
        Assert.Equal($"at most {ConfigLoader.MaxBytes} bytes", problem.Expected);
    }

    [Fact]
    public void Malformed_json_names_its_line()
    {
        // given: an unclosed string on line 3
        string path = _dir.Write("bad.json", "{\n  \"compose\": {\n    \"projectDirectory\": \"oops\n  }\n}\n");

        // then
        var problem = Assert.Single(Load(path).Problems);
        Assert.Equal(3, problem.Line);
        Assert.StartsWith("not valid JSON", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_that_is_not_an_object_is_an_error()
    {
        var problem = Assert.Single(Load(_dir.Write("array.json", "[1, 2]")).Problems);
        Assert.Equal("an object", problem.Expected);
        Assert.Equal("array", problem.Found);
    }

    [Fact]
    public void Unknown_key_is_named_with_its_line_and_the_keys_that_exist()
    {
        // given
        string text = Configs.Valid(root => root["postgres"]!.AsObject()["prot"] = 5432);
        string path = _dir.Write("c.json", text);
        int expectedLine = text.Split('\n').ToList().FindIndex(l => l.Contains("\"prot\"", StringComparison.Ordinal)) + 1;

        // when
        var problem = Assert.Single(Load(path).Problems);

        // then
        Assert.Equal("$.postgres.prot", problem.JsonPath);
        Assert.Equal(expectedLine, problem.Line);
        Assert.Contains("unknown key 'prot'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("port", problem.Expected, StringComparison.Ordinal);
        Assert.Contains(path, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_says_what_was_expected_and_found()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root["postgres"]!.AsObject()["port"] = "5432"));

        var problem = Assert.Single(Load(path).Problems);

        Assert.Equal("$.postgres.port", problem.JsonPath);
        Assert.Equal("an integer", problem.Expected);
        Assert.Equal("\"5432\"", problem.Found);
    }

    [Fact]
    public void Probe_interval_cannot_go_below_the_floor()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root["probes"]!.AsObject()["intervalSeconds"] = 5));

        var problem = Assert.Single(Load(path).Problems);

        Assert.Equal("$.probes.intervalSeconds", problem.JsonPath);
        Assert.Contains($"{ProbeSettings.FloorSeconds}", problem.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_section_is_named()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root.Remove("postgres")));

        var problem = Assert.Single(Load(path).Problems);

        Assert.Equal("$", problem.JsonPath);
        Assert.Contains("postgres", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_name_with_shell_metacharacters_is_refused()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root["services"]!.AsObject()["stalwart"] = "stalwart;rm -rf /"));

        var problem = Assert.Single(Load(path).Problems);

        Assert.Equal("$.services.stalwart", problem.JsonPath);
        Assert.Contains("compose service name", problem.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_override_replaces_a_value_and_keeps_its_type()
    {
        string path = _dir.Write("c.json", Configs.Valid());

        var result = Load(path, new() { ["TAILWART__POSTGRES__PORT"] = "6543", ["TAILWART__Services__Sidecar"] = "ts-other" });

        Assert.False(result.HasErrors, string.Join("\n", result.Problems));
        Assert.Equal(6543, result.Config!.Postgres.Port);
        Assert.Equal("ts-other", result.Config.Services.Sidecar);
    }

    [Fact]
    public void Bad_environment_override_names_the_variable()
    {
        string path = _dir.Write("c.json", Configs.Valid());

        var result = Load(path, new() { ["TAILWART__Postgres__Port"] = "not-a-port" });

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.postgres.port", problem.JsonPath);
        Assert.Contains("TAILWART__Postgres__Port", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_secret_works_but_warns_without_showing_it()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root["postgres"]!.AsObject()["password"] = "hunter2-inline"));

        var result = Load(path);

        Assert.False(result.HasErrors);
        var warning = Assert.Single(result.Problems);
        Assert.Equal(ConfigSeverity.Warning, warning.Severity);
        Assert.Equal("$.postgres.password", warning.JsonPath);
        Assert.DoesNotContain("hunter2-inline", warning.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-inline", result.MaskedJson()!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Hard_coded_tailnet_address_warns_with_lesson_6()
    {
        string path = _dir.Write("c.json", Configs.Valid(root => root["postgres"]!.AsObject()["host"] = "100.112.26.122"));

        var warning = Assert.Single(Load(path).Problems);

        Assert.Equal(ConfigSeverity.Warning, warning.Severity);
        Assert.Contains("lesson 6", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_never_changes_the_file()
    {
        string text = "{ \"compose\": 1 }";
        string path = _dir.Write("c.json", text);
        var before = File.GetLastWriteTimeUtc(path);

        Load(path, new() { ["TAILWART__Compose__Files__0"] = "x.yml" });

        Assert.Equal(text, File.ReadAllText(path));
        Assert.Equal(before, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Optional_sections_and_keys_left_out_take_their_documented_defaults()
    {
        // given: no logs, dns or ui section; probes without its interval
        string path = _dir.Write("c.json", Configs.Valid(root =>
        {
            root.Remove("logs");
            root.Remove("dns");
            root.Remove("ui");
            root["probes"]!.AsObject().Remove("intervalSeconds");
        }));

        // when
        var config = Load(path).Config!;

        // then
        Assert.Equal(60, config.Probes.IntervalSeconds);
        Assert.Equal(500, config.Logs.Tail);
        Assert.Equal(200_000, config.Logs.BufferLines);
        Assert.Null(config.Dns.Resolver);
        Assert.Equal("default", config.Ui.Theme);
        Assert.Equal("Ctrl+Q", config.Ui.Keybindings.Quit);
        Assert.Equal("auto", config.Stalwart.ApiGeneration);
    }
}
