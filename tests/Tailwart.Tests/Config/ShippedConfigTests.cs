using System.Text.Json.Nodes;
using Tailwart.Core.Config;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Config;

/// <summary>The shipped tailwart.json and the schema never drift apart (README's table: ConfigDefaultsTests).</summary>
public sealed class ShippedConfigTests
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
}
