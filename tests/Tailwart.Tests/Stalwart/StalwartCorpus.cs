using System.Text.Json.Nodes;

namespace Tailwart.Tests.Stalwart;

/// <summary>
/// Answer bodies and log lines taken from Stalwart's source, under <c>Stalwart/Corpus/</c>. Each file opens with
/// <c>//</c> lines naming the source path and tag; the rest is the shape, byte for byte as Stalwart would send it.
/// </summary>
internal static class StalwartCorpus
{
    public static string Text(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Stalwart", "Corpus", name);
        var lines = File.ReadAllLines(path);
        if (!lines.Any(l => l.StartsWith("// source:", StringComparison.Ordinal)))
            throw new InvalidOperationException($"corpus file {name} names no source (a '// source:' line).");
        return string.Join('\n', lines.SkipWhile(l => l.StartsWith("//", StringComparison.Ordinal)));
    }

    public static JsonNode Json(string name) => JsonNode.Parse(Text(name))!;

    /// <summary>The non-comment lines of a log corpus file.</summary>
    public static IReadOnlyList<string> Lines(string name) =>
        Text(name).Split('\n').Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)).ToList();
}
