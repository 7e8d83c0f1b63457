using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Tailwart.Core.Config;

/// <summary>
/// The shipped JSON schema (embedded from tailwart.schema.json), validated with JsonSchema.Net,
/// and turned into <see cref="ConfigProblem"/>s that say what was expected and what was found.
/// </summary>
public sealed class ConfigSchema
{
    private static readonly Lazy<ConfigSchema> Shared = new(() =>
    {
        Startup.DeferredModuleInitializers.EnsureJsonSchema(); // the NativeAOT build runs JsonSchema.Net's initializer here, not at start-up
        return new ConfigSchema(ReadEmbedded());
    });
    private readonly JsonSchema _schema;

    private ConfigSchema(string text)
    {
        Text = text;
        Document = JsonNode.Parse(text)!.AsObject();
        _schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    public static ConfigSchema Instance => Shared.Value;

    /// <summary>The schema text as shipped.</summary>
    public string Text { get; }

    /// <summary>The schema as a JSON tree, for describing expectations.</summary>
    public JsonObject Document { get; }

    /// <summary>Every leaf key the schema allows, in schema order (sections are descended).</summary>
    public IReadOnlyList<ConfigKey> Keys() => [.. KeysOf(Document, "")];

    /// <summary>
    /// The defaults a config takes for the keys it leaves out, as a tailwart.json fragment: every
    /// key whose schema names a default. The config records carry the same values as initializers
    /// (System.Text.Json needs them there); ConfigDefaultsTests keeps the two equal.
    /// </summary>
    public JsonObject Defaults()
    {
        var root = new JsonObject();
        foreach (ConfigKey key in Keys().Where(k => k.HasDefault))
        {
            string[] segments = key.Path.Split('.');
            JsonObject section = root;
            foreach (string segment in segments[..^1])
            {
                if (section[segment] is not JsonObject next)
                    section[segment] = next = new JsonObject();
                section = next;
            }
            section[segments[^1]] = key.Default?.DeepClone();
        }
        return root;
    }

    private IEnumerable<ConfigKey> KeysOf(JsonObject schema, string prefix)
    {
        if (schema["properties"] is not JsonObject properties)
            yield break;
        var required = (schema["required"] as JsonArray)?.Select(n => n?.GetValue<string>()).ToHashSet() ?? [];
        foreach (var (name, node) in properties)
        {
            if (name == "$schema" || node is not JsonObject property)
                continue;
            string path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (property["properties"] is JsonObject)
            {
                foreach (ConfigKey nested in KeysOf(property, path))
                    yield return nested;
                continue;
            }
            JsonObject referred = property["$ref"]?.GetValue<string>() is string reference ? SchemaNodeAt(new Uri("https://x.invalid/" + reference), false) as JsonObject ?? property : property;
            string description = (property["description"] ?? referred["description"])?.GetValue<string>() ?? "";
            var choices = (property["enum"] as JsonArray)?.Select(c => c?.ToString() ?? "null").ToList() ?? [];
            long? minimum = property["minimum"]?.GetValue<long>();
            long? maximum = property["maximum"]?.GetValue<long>();
            yield return new ConfigKey(path, required.Contains(name), property.ContainsKey("default"), property["default"], description, choices, minimum, maximum);
        }
    }

    public IReadOnlyList<ConfigProblem> Validate(JsonNode instance, string file, JsonLineMap lines, IReadOnlyDictionary<string, string> overrides)
    {
        using JsonDocument doc = JsonDocument.Parse(instance.ToJsonString());
        EvaluationResults results = _schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        var problems = new List<ConfigProblem>();
        foreach (EvaluationResults detail in (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
        {
            foreach (string keyword in detail.Errors!.Keys)
            {
                string path = JsonPaths.FromPointer(detail.InstanceLocation.ToString());
                // An unknown key fails the `false` schema under additionalProperties, reported with an empty keyword.
                bool unknownKey = keyword.Length == 0 && detail.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal);
                JsonNode? schemaNode = SchemaNodeAt(detail.SchemaLocation, unknownKey);
                JsonNode? value = ValueAt(instance, detail.InstanceLocation.ToString());
                ConfigProblem problem = SchemaErrorDescriber.Describe(unknownKey ? "additionalProperties" : keyword, detail.Errors[keyword], path, schemaNode, value, file, lines.LineOf(path));
                if (overrides.TryGetValue(problem.JsonPath, out string? variable))
                    problem = problem with { Message = $"{problem.Message} (set by environment variable {variable})" };
                problems.Add(problem);
            }
        }
        return [.. problems.DistinctBy(p => (p.JsonPath, p.Message))];
    }

    /// <summary>The schema object that failed: the fragment of its location is a JSON pointer into the schema document.</summary>
    private JsonNode? SchemaNodeAt(Uri schemaLocation, bool ownerOfAdditionalProperties)
    {
        string pointer = Uri.UnescapeDataString(schemaLocation.Fragment.TrimStart('#'));
        if (ownerOfAdditionalProperties)
            pointer = pointer[..Math.Max(0, pointer.LastIndexOf("/additionalProperties", StringComparison.Ordinal))];
        JsonNode? node = Document;
        foreach (string segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            node = node is JsonObject o ? o[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)] : null;
        return node;
    }

    private static JsonNode? ValueAt(JsonNode root, string pointer)
    {
        JsonNode? node = root;
        foreach (string raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out int i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    private static string ReadEmbedded()
    {
        using Stream stream = typeof(ConfigSchema).Assembly.GetManifestResourceStream("Tailwart.Core.Config.tailwart.schema.json")
            ?? throw new InvalidOperationException("The embedded tailwart.schema.json is missing from Tailwart.Core; the build is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
