using System.Text;
using System.Text.Json;

namespace Tailwart.Core.Config;

/// <summary>
/// Maps JSON paths (<c>$.postgres.port</c>) to the 1-based line where their value starts, so
/// schema errors can point at a line like a compiler does. Built by one pass of Utf8JsonReader.
/// </summary>
public sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly List<(string Path, int FirstLine, int Line)> _duplicates = [];

    /// <summary>
    /// Properties written twice in one object: System.Text.Json keeps the last one silently, so a
    /// user who edits the first copy sees no effect. Path, line of the first copy, line of the repeat.
    /// </summary>
    public IReadOnlyList<(string Path, int FirstLine, int Line)> Duplicates => _duplicates;

    private JsonLineMap() { }

    public static JsonLineMap Build(string json, JsonReaderOptions options)
    {
        var map = new JsonLineMap();
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        int[] lineStarts = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, options);
        // Each frame: the container's path, and for arrays the next index.
        var stack = new Stack<(string Path, bool IsArray, int Index)>();
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                int line = LineOf(lineStarts, (int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString()!;
                        string property = Child(stack, pendingProperty);
                        if (!map._lines.TryAdd(property, line))
                            map._duplicates.Add((property, map._lines[property], line));
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.Pop();
                        continue;
                }
                string path = stack.Count == 0 ? "$" : pendingProperty is not null ? Child(stack, pendingProperty) : NextIndex(stack);
                pendingProperty = null;
                map._lines.TryAdd(path, line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }
        catch (JsonException)
        {
            // A malformed document is reported by the parser itself; the map keeps what it read.
        }
        return map;
    }

    /// <summary>The line of <paramref name="jsonPath"/>, or of its nearest ancestor that has one.</summary>
    public int? LineOf(string jsonPath)
    {
        for (string? p = jsonPath; p is not null; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out int line))
                return line;
        }
        return null;
    }

    private static string Child(Stack<(string Path, bool IsArray, int Index)> stack, string name) =>
        JsonPaths.Child(stack.Peek().Path, name);

    private static string NextIndex(Stack<(string Path, bool IsArray, int Index)> stack)
    {
        var (path, isArray, index) = stack.Pop();
        stack.Push((path, isArray, index + 1));
        return $"{path}[{index}]";
    }

    private static string? Parent(string path)
    {
        if (path == "$")
            return null;
        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "$" : path[..cut];
    }

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
                starts.Add(i + 1);
        }
        return [.. starts];
    }

    private static int LineOf(int[] lineStarts, int offset)
    {
        int i = Array.BinarySearch(lineStarts, offset);
        return (i >= 0 ? i : ~i - 1) + 1;
    }
}
