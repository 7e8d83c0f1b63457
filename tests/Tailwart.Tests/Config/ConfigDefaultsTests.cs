using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tailwart.Cli;
using Tailwart.Core.Config;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Config;

/// <summary>
/// The schema is the one place a default is written down: the config records (whose initializers
/// System.Text.Json needs) must take exactly those values when a key is left out, the defaults must
/// themselves be a valid config, and `tailwart config show --defaults` prints them.
/// </summary>
public sealed class ConfigDefaultsTests : IDisposable
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The shipped config with every key its schema section does not require removed.</summary>
    private static JsonObject RequiredOnly()
    {
        var root = JsonNode.Parse(Configs.Valid())!.AsObject();
        Prune(root, ConfigSchema.Instance.Document);
        return root;

        static void Prune(JsonObject config, JsonObject schema)
        {
            var required = (schema["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
            foreach (string name in config.Select(p => p.Key).ToList())
            {
                if (!required.Contains(name))
                    config.Remove(name);
                else if (config[name] is JsonObject child && schema["properties"]?[name] is JsonObject childSchema)
                    Prune(child, childSchema);
            }
        }
    }

    private ConfigLoadResult Load(JsonObject config) =>
        new ConfigLoader(() => Configs.SecretEnvironment).Load(_dir.Write($"{Guid.NewGuid():N}.json", config.ToJsonString()));

    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (string segment in path.Split('.'))
            node = node is JsonObject o ? o[segment] : null;
        return node;
    }

    /// <summary>Keys that a config leaves out while keeping their section: optional keys of required sections and every key of an optional section with defaults.</summary>
    private static IEnumerable<ConfigKey> Omittable() =>
        ConfigSchema.Instance.Keys().Where(k => !k.Required || k.HasDefault);

    [Fact]
    public void Every_optional_key_left_out_loads_as_the_schema_default_or_as_absent()
    {
        // given a config with only what the schema requires
        ConfigLoadResult result = Load(RequiredOnly());
        Assert.False(result.HasErrors, string.Join("\n", result.Problems));

        // when
        JsonNode loaded = JsonSerializer.SerializeToNode(result.Config!, ConfigJsonContext.Default.TailwartConfig)!;

        // then: each optional key is what the schema says it defaults to; without a schema default it is null (the check it feeds is skipped)
        var checkedKeys = new List<string>();
        foreach (ConfigKey key in Omittable())
        {
            // a required key of an optional section (spaceship.baseUrl): the section itself is absent
            if (key.Required)
                continue;
            JsonNode? expected = key.HasDefault ? key.Default : null;
            JsonNode? actual = At(loaded, key.Path);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{key.Path}: the schema's default is {expected?.ToJsonString() ?? "null"} but a config leaving it out loads {actual?.ToJsonString() ?? "null"}; change the record's initializer or the schema's \"default\"");
            checkedKeys.Add(key.Path);
        }
        Assert.Contains("probes.intervalSeconds", checkedKeys);
        Assert.Contains("ui.keybindings.quit", checkedKeys);
        Assert.Contains("mail.hostnames.additional", checkedKeys);
        Assert.Contains("mail.hostnames.mtaSts", checkedKeys);
    }

    [Fact]
    public void The_schema_defaults_added_to_the_required_keys_make_a_config_without_problems()
    {
        // given
        JsonObject config = RequiredOnly();
        Merge(config, ConfigSchema.Instance.Defaults());

        // when
        ConfigLoadResult result = Load(config);

        // then
        Assert.Empty(result.Problems);
        Assert.Equal(60, result.Config!.Probes.IntervalSeconds);

        static void Merge(JsonObject into, JsonObject from)
        {
            foreach (var (name, value) in from)
            {
                if (value is JsonObject section && into[name] is JsonObject existing)
                    Merge(existing, section);
                else
                    into[name] = value?.DeepClone();
            }
        }
    }

    [Fact]
    public async Task Config_show_defaults_prints_the_schema_defaults_without_a_config_file()
    {
        // given a directory with no tailwart.json anywhere the locator looks
        var run = await CliRun.InvokeAsync(_dir.Path, env: new Dictionary<string, string> { ["TAILWART_CONFIG"] = Path.Combine(_dir.Path, "absent.json") }, terminal: false, tui: null, "config", "show", "--defaults", "--json");

        // then
        Assert.True(run.ExitCode == ExitCodes.Ok, run.All);
        JsonNode printed = JsonNode.Parse(run.Out)!["defaults"]!;
        Assert.True(JsonNode.DeepEquals(ConfigSchema.Instance.Defaults(), printed), printed.ToJsonString());
        Assert.Equal(60, printed["probes"]!["intervalSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Config_show_defaults_as_text_is_readable_json_after_one_comment_line()
    {
        var run = await CliRun.InvokeAsync(_dir.Path, env: null, terminal: false, tui: null, "config", "show", "--defaults");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.All);
        string[] lines = run.Out.Split('\n', 2);
        Assert.StartsWith("# ", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"quit\": \"Ctrl+Q\"", lines[1], StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(ConfigSchema.Instance.Defaults(), JsonNode.Parse(lines[1])));
    }

    [Fact]
    public void Readme_config_reference_is_the_table_generated_from_the_schema()
    {
        // given
        string readme = File.ReadAllText(RepoPaths.File("README.md"));
        int start = readme.IndexOf("## Config reference", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Config reference' section");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string section = end < 0 ? readme[start..] : readme[start..end];
        var documented = section.Split('\n').Where(l => l.StartsWith('|')).ToList();

        // when
        var expected = ReferenceTable();

        // then: on a difference, paste the generated table (in the message) over README's
        Assert.True(expected.SequenceEqual(documented), "README's config reference differs from the schema; it should read:\n" + string.Join('\n', expected));
    }

    /// <summary>README's table: key, required, the schema default, the shipped value, the schema's meaning.</summary>
    private static List<string> ReferenceTable()
    {
        JsonNode shipped = JsonNode.Parse(Configs.ShippedText)!;
        var rows = new List<string> { "| key | required | default | shipped | meaning |", "| --- | --- | --- | --- | --- |" };
        foreach (ConfigKey key in ConfigSchema.Instance.Keys())
        {
            string @default = key.HasDefault ? Code(key.Default) : "—";
            rows.Add($"| `{key.Path}` | {(key.Required ? "yes" : "no")} | {@default} | {Code(At(shipped, key.Path))} | {key.Meaning.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }
        return rows;
    }

    private static string Code(JsonNode? value) => value is JsonArray array
        ? "`[" + string.Join(", ", array.Select(v => v?.ToJsonString(Relaxed) ?? "null")) + "]`"
        : "`" + (value?.ToJsonString(Relaxed) ?? "null") + "`";
}
