using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailwart.Core.Config;

/// <summary>
/// Turns one JSON-schema keyword failure into a message an admin can act on: what the key
/// expects (from the schema itself) and what was found (never a secret's value).
/// </summary>
public static class SchemaErrorDescriber
{
    private static readonly string[] SecretKeys = ["password", "adminPassword", "apiKey", "apiSecret"];

    public static ConfigProblem Describe(string keyword, string libraryMessage, string path, JsonNode? schema, JsonNode? value, string file, int? line)
    {
        string? expected = null;
        string? found = Render(path, value);
        string message;
        switch (keyword)
        {
            case "type":
                message = "wrong type";
                expected = DescribeType(schema?["type"]);
                break;
            case "false" or "additionalProperties":
                message = $"unknown key '{LastSegment(path)}'";
                expected = AllowedKeys(schema);
                found = null;
                break;
            case "required":
                message = "missing required key(s): " + string.Join(", ", MissingKeys(schema, value));
                found = null;
                break;
            case "enum":
                message = "not an accepted value";
                expected = "one of " + string.Join(", ", (schema?["enum"]?.AsArray() ?? []).Select(e => e?.ToJsonString() ?? "null"));
                break;
            case "pattern":
                message = "badly formed value";
                expected = schema?["description"]?.GetValue<string>() is string d ? LowerFirst(d.TrimEnd('.')) : $"a value matching {schema?["pattern"]}";
                break;
            case "minimum" or "maximum":
                message = "out of range";
                expected = RangeOf(schema);
                break;
            case "minLength":
                message = "empty value";
                expected = "a non-empty string";
                break;
            case "minItems":
                message = "too few items";
                expected = $"at least {schema?["minItems"]} item(s)";
                break;
            default:
                message = libraryMessage;
                break;
        }
        return new ConfigProblem(ConfigSeverity.Error, file, line, path, message, expected, found);
    }

    private static string DescribeType(JsonNode? type) => type switch
    {
        JsonArray many => string.Join(" or ", many.Select(t => Article(t!.GetValue<string>()))),
        JsonValue one => Article(one.GetValue<string>()),
        _ => "another type",
    };

    private static string Article(string type) => type switch
    {
        "integer" => "an integer",
        "object" => "an object",
        "array" => "an array",
        "null" => "null",
        _ => "a " + type,
    };

    private static string? AllowedKeys(JsonNode? schema) =>
        schema?["properties"] is JsonObject props ? "one of " + string.Join(", ", props.Select(p => p.Key).Where(k => k != "$schema")) : null;

    private static IEnumerable<string> MissingKeys(JsonNode? schema, JsonNode? value)
    {
        var present = value is JsonObject o ? o.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) : [];
        return (schema?["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).Where(r => !present.Contains(r));
    }

    private static string RangeOf(JsonNode? schema) => (schema?["minimum"], schema?["maximum"]) switch
    {
        (JsonNode min, JsonNode max) => $"a number from {min} to {max}",
        (JsonNode min, null) => $"at least {min}",
        (null, JsonNode max) => $"at most {max}",
        _ => "a number in range",
    };

    private static string LastSegment(string path)
    {
        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? path : path[(cut + 1)..].Trim('[', ']', '\'');
    }

    /// <summary>Shows what was found; a secret key shows only the kind of value, never the value.</summary>
    private static string? Render(string path, JsonNode? value)
    {
        JsonValueKind kind = value?.GetValueKind() ?? JsonValueKind.Null;
        if (SecretKeys.Contains(LastSegment(path), StringComparer.Ordinal))
            return kind.ToString().ToLowerInvariant();
        return kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => $"an array of {value!.AsArray().Count}",
            JsonValueKind.Null => "null",
            JsonValueKind.String => Quote(value!.GetValue<string>()),
            _ => Convert.ToString(value!.ToJsonString(), CultureInfo.InvariantCulture),
        };
    }

    private static string LowerFirst(string s) => s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    private static string Quote(string s) => "\"" + (s.Length > 60 ? s[..57] + "..." : s) + "\"";
}
