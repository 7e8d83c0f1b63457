using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tailwart.Core.Config;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Config;

/// <summary>The shipped tailwart.json, the schema and README's config reference never drift apart.</summary>
public sealed partial class ShippedConfigTests
{
    private static readonly JsonObject Schema = ConfigSchema.Instance.Document;

    [Fact]
    public void Shipped_schema_file_is_the_embedded_schema()
    {
        string onDisk = File.ReadAllText(RepoPaths.File("src", "Tailwart.Core", "Config", "tailwart.schema.json"));
        Assert.Equal(onDisk, ConfigSchema.Instance.Text);
    }

    [Fact]
    public void Every_schema_key_is_in_the_shipped_config_and_every_config_key_is_in_the_schema()
    {
        // given
        var shipped = JsonNode.Parse(Configs.ShippedText)!.AsObject();

        // when
        var schemaKeys = SchemaKeys(Schema, "").ToHashSet();
        var configKeys = ConfigKeys(shipped, "").Where(k => k != "$schema").ToHashSet();

        // then
        Assert.Empty(schemaKeys.Except(configKeys));
        Assert.Empty(configKeys.Except(schemaKeys));
    }

    [Fact]
    public void Readme_config_reference_lists_exactly_the_schema_keys()
    {
        // given
        string readme = File.ReadAllText(RepoPaths.File("README.md"));
        int start = readme.IndexOf("## Config reference", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Config reference' section");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string section = end < 0 ? readme[start..] : readme[start..end];

        // when
        var documented = TableKey().Matches(section).Select(m => m.Groups[1].Value).ToHashSet();
        var schemaKeys = SchemaKeys(Schema, "").ToHashSet();

        // then
        Assert.Empty(schemaKeys.Except(documented));
        Assert.Empty(documented.Except(schemaKeys));
    }

    /// <summary>Every leaf key path the schema allows (objects with properties are descended).</summary>
    private static IEnumerable<string> SchemaKeys(JsonObject schema, string prefix)
    {
        if (schema["properties"] is not JsonObject props)
            yield break;
        foreach (var (name, child) in props)
        {
            if (name == "$schema")
                continue;
            string path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (child is JsonObject c && c["properties"] is JsonObject)
            {
                foreach (string nested in SchemaKeys(c, path))
                    yield return nested;
            }
            else
            {
                yield return path;
            }
        }
    }

    private static IEnumerable<string> ConfigKeys(JsonObject node, string prefix)
    {
        foreach (var (name, child) in node)
        {
            string path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (child is JsonObject c && !(path == "ui.keybindings" && c.Count == 0))
            {
                foreach (string nested in ConfigKeys(c, path))
                    yield return nested;
            }
            else
            {
                yield return path;
            }
        }
    }

    [GeneratedRegex(@"^\| `([a-zA-Z.]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableKey();
}
