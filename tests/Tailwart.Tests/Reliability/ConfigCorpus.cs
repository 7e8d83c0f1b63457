using System.Text;
using System.Text.Json.Nodes;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>One malformed config: its bytes, the environment it is loaded with, and the JSON path a good message names (when one is known).</summary>
public sealed record BadConfig(string Name, byte[] Bytes, IReadOnlyDictionary<string, string> Environment, string? Names = null);

/// <summary>Generates malformed tailwart.json variants from the shipped config: deterministic, a few hundred of them.</summary>
public static class ConfigCorpus
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    public static IEnumerable<BadConfig> All() =>
        Truncations().Concat(WrongTypes()).Concat(UnknownKeys()).Concat(HugeValues()).Concat(Garbage()).Concat(Nesting()).Concat(Boms()).Concat(EnvironmentGarbage());

    private static string Valid => Configs.Valid();

    private static BadConfig Text(string name, string text, string? names = null) => new(name, Encoding.UTF8.GetBytes(text), NoEnvironment, names);

    public static IEnumerable<BadConfig> Truncations()
    {
        string valid = Valid;
        for (int cut = 0; cut < valid.Length - 1; cut += Math.Max(1, valid.Length / 60))
            yield return Text($"truncated at {cut}", valid[..cut]);
    }

    /// <summary>Every leaf of the config, replaced by each JSON kind it is not.</summary>
    public static IEnumerable<BadConfig> WrongTypes()
    {
        JsonNode[] kinds = [JsonValue.Create("text")!, JsonValue.Create(-1)!, JsonValue.Create(true)!, new JsonArray(1, "x"), new JsonObject { ["x"] = 1 }];
        foreach (string path in LeafPaths())
        {
            foreach (JsonNode kind in kinds)
            {
                var root = JsonNode.Parse(Valid)!.AsObject();
                if (Find(root, path)?.GetValueKind() == kind.GetValueKind())
                    continue;
                Set(root, path, kind.DeepClone());
                yield return Text($"{path} as {kind.GetValueKind()}", root.ToJsonString(), path);
            }
        }
    }

    public static IEnumerable<BadConfig> UnknownKeys()
    {
        var sections = JsonNode.Parse(Valid)!.AsObject().Where(p => p.Value is JsonObject).Select(p => p.Key).ToList();
        yield return Text("unknown key at the root", Edit(root => root["surprise"] = 1), "$.surprise");
        foreach (string section in sections)
            yield return Text($"unknown key in {section}", Edit(root => root[section]!.AsObject()["surprise"] = "x"), $"$.{section}.surprise");
    }

    public static IEnumerable<BadConfig> HugeValues()
    {
        string huge = new('h', 200_000);
        foreach (string path in LeafPaths())
            yield return Text($"{path} as a 200 kB string", Edit(root => Set(root, path, JsonValue.Create(huge))), path);
        yield return Text("a port of 1e308", Valid.Replace("\"port\": 5432", "\"port\": 1e308", StringComparison.Ordinal), "$.postgres.port");
        yield return Text("a port of 2^63", Valid.Replace("\"port\": 5432", "\"port\": 9223372036854775808", StringComparison.Ordinal), "$.postgres.port");
        yield return Text("a 2 MB file", Valid + new string(' ', 2 * 1024 * 1024));
        yield return Text("ten thousand compose files", Edit(root => root["compose"]!["files"] = new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode)JsonValue.Create($"f{i}.yml")!).ToArray())));
    }

    public static IEnumerable<BadConfig> Garbage()
    {
        var random = new Random(10);
        for (int i = 0; i < 30; i++)
        {
            byte[] bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            yield return new($"{bytes.Length} random bytes (seed 10, #{i})", bytes, NoEnvironment);
        }
        yield return Text("empty file", "");
        yield return Text("only whitespace", "  \n\t ");
        yield return Text("null", "null");
        yield return Text("an array", "[1,2,3]");
        yield return Text("a string", "\"tailwart\"");
        yield return Text("NUL bytes inside a string", Valid.Replace("\"stalwart\",", "\"stal\\u0000wart\",", StringComparison.Ordinal));
        yield return Text("a lone surrogate", Valid.Replace("\"mail\",", "\"\\ud800\",", StringComparison.Ordinal));
        yield return Text("YAML instead of JSON", "compose:\n  projectDirectory: /opt/mail\n");
        yield return Text("duplicate keys", Valid.Replace("\"postgres\": {", "\"postgres\": {\"port\": 1, ", StringComparison.Ordinal));
    }

    public static IEnumerable<BadConfig> Nesting()
    {
        foreach (int depth in new[] { 63, 65, 1_000, 100_000 })
        {
            yield return Text($"arrays nested {depth} deep", new string('[', depth) + new string(']', depth));
            yield return Text($"objects nested {depth} deep under a key", Valid.Replace("\"probes\": {", "\"probes\": {\"x\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + ",", StringComparison.Ordinal));
        }
    }

    public static IEnumerable<BadConfig> Boms()
    {
        yield return new("UTF-8 BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Valid)], NoEnvironment);
        yield return new("UTF-16 LE with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Valid)], NoEnvironment);
        yield return new("UTF-16 BE with BOM", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Valid)], NoEnvironment);
        yield return new("two UTF-8 BOMs", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Valid)], NoEnvironment);
    }

    public static IEnumerable<BadConfig> EnvironmentGarbage()
    {
        var variables = new (string Name, string Value, string? Names)[]
        {
            ("TAILWART__POSTGRES__PORT", "not-a-port", "$.postgres.port"),
            ("TAILWART__POSTGRES__PORT", "99999999999999999999", "$.postgres.port"),
            ("TAILWART__POSTGRES__PORT", "-1", "$.postgres.port"),
            ("TAILWART__POSTGRES", "flat", "$.postgres"),
            ("TAILWART__POSTGRES__PORT__DEEPER", "1", null),
            ("TAILWART__COMPOSE__FILES__7", "x.yml", null),
            ("TAILWART__COMPOSE__FILES__-1", "x.yml", null),
            ("TAILWART__COMPOSE__FILES__99999999999", "x.yml", null),
            ("TAILWART__NOSUCH__KEY", "1", null),
            ("TAILWART__", "1", null),
            ("TAILWART______", "1", null),
            ("TAILWART__STALWART__ADMINURL", "not a url", "$.stalwart.adminUrl"),
            ("TAILWART__STALWART__ADMINURL", new string('u', 100_000), "$.stalwart.adminUrl"),
            ("TAILWART__SERVICES__STALWART", "stalwart; rm -rf /", "$.services.stalwart"),
            ("TAILWART__SERVICES__STALWART", "a\u0000b", "$.services.stalwart"),
            ("TAILWART__DNS__RESOLVER", "{\"json\": true}", "$.dns.resolver"),
            ("TAILWART__LOGS__BUFFERLINES", "1e999", "$.logs.bufferLines"),
        };
        foreach (var (name, value, names) in variables)
            yield return new($"{name}={(value.Length > 40 ? value[..40] + "…" : value)}", Encoding.UTF8.GetBytes(Valid), new Dictionary<string, string> { [name] = value }, names);
    }

    private static string Edit(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Valid)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private static List<string> LeafPaths()
    {
        var paths = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject obj)
                foreach (var (key, child) in obj)
                    Walk(child, $"{path}.{key}");
            else if (node is not JsonArray)
                paths.Add(path);
        }
        Walk(JsonNode.Parse(Valid), "$");
        return paths;
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        string[] keys = path[2..].Split('.');
        JsonObject parent = root;
        foreach (string key in keys[..^1])
            parent = parent[key]!.AsObject();
        parent[keys[^1]] = value;
    }

    private static JsonNode? Find(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (string key in path[2..].Split('.'))
            node = node?[key];
        return node;
    }
}
