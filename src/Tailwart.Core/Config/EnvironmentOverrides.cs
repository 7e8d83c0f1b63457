using System.Globalization;
using System.Text.Json.Nodes;

namespace Tailwart.Core.Config;

/// <summary>
/// Applies <c>TAILWART__Section__Key=value</c> variables onto the parsed config before it is
/// validated, so an override is checked by the same schema and named in any error.
/// Segments match keys case-insensitively (<c>TAILWART__POSTGRES__PORT</c> sets <c>postgres.port</c>).
/// </summary>
public static class EnvironmentOverrides
{
    public const string Prefix = "TAILWART__";

    /// <summary>Applies every override; returns JSON path → variable name for the ones applied.</summary>
    public static IReadOnlyDictionary<string, string> Apply(JsonObject root, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment.Where(e => e.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            string[] segments = name[Prefix.Length..].Split("__", StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0)
                continue;
            string? path = Set(root, segments, value);
            if (path is not null)
                applied[path] = name;
        }
        return applied;
    }

    private static string? Set(JsonObject root, string[] segments, string value)
    {
        JsonNode parent = root;
        string path = "$";
        for (int i = 0; i < segments.Length; i++)
        {
            bool last = i == segments.Length - 1;
            switch (parent)
            {
                case JsonObject obj:
                    string key = obj.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, segments[i], StringComparison.OrdinalIgnoreCase))
                        ?? char.ToLowerInvariant(segments[i][0]) + segments[i][1..];
                    path = JsonPaths.Child(path, key);
                    if (last)
                    {
                        obj[key] = Coerce(value, obj[key]);
                        return path;
                    }
                    obj[key] ??= new JsonObject();
                    parent = obj[key]!;
                    break;
                case JsonArray array when int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index <= array.Count:
                    path = $"{path}[{index}]";
                    if (index == array.Count)
                        array.Add(null);
                    if (last)
                    {
                        array[index] = Coerce(value, array[index]);
                        return path;
                    }
                    array[index] ??= new JsonObject();
                    parent = array[index]!;
                    break;
                default:
                    return null; // Cannot descend into a scalar: the schema will report the original value.
            }
        }
        return null;
    }

    /// <summary>Keeps the JSON type of the value being replaced, so a port stays a number.</summary>
    private static JsonNode? Coerce(string value, JsonNode? existing)
    {
        if (value == "null")
            return null;
        if (existing is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
            return JsonValue.Create(n);
        if (existing is JsonValue b && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False && bool.TryParse(value, out bool flag))
            return JsonValue.Create(flag);
        if (existing is JsonArray && value.StartsWith('['))
        {
            try { return JsonNode.Parse(value); }
            catch (System.Text.Json.JsonException) { /* falls through: the schema reports a string where an array belongs */ }
        }
        return JsonValue.Create(value);
    }
}
