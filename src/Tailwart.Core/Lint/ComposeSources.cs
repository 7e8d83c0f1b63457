using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tailwart.Core.Lint;

/// <summary>
/// Where the user wrote each service and each of its keys: the files as given (and the files their
/// v2 <c>include:</c> pulls in), in compose's order, so a finding judged on compose's merged model
/// still points at the file and line to edit (the last file that sets the key wins, as in compose).
/// </summary>
public sealed class ComposeSources
{
    private readonly List<(string File, string Service, string? Key, int Line)> _entries = [];

    /// <summary>Every file read, in order (includes before the file that includes them).</summary>
    public IReadOnlyList<string> Files => _files;

    private readonly List<string> _files = [];
    private IReadOnlyDictionary<string, YamlMappingNode?>? _parsed;

    /// <summary>Reads <paramref name="files"/> and what they include; unreadable files are skipped (compose reports them).</summary>
    /// <param name="parsed">Files already parsed (the caller's), so a large or deep file is parsed once.</param>
    public static ComposeSources Read(IEnumerable<string> files, IReadOnlyDictionary<string, YamlMappingNode?>? parsed = null)
    {
        var sources = new ComposeSources { _parsed = parsed };
        foreach (string file in files)
            sources.Add(file, depth: 0);
        return sources;
    }

    /// <summary>"file:line" of <paramref name="key"/> of <paramref name="service"/> (or of the service when no file sets the key).</summary>
    public string Where(string service, string? key = null)
    {
        var hit = _entries.LastOrDefault(e => e.Service == service && e.Key == key && key is not null);
        if (hit.File is null)
            hit = _entries.LastOrDefault(e => e.Service == service && e.Key is null);
        return hit.File is null ? string.Join(", ", _files) : $"{hit.File}:{hit.Line}";
    }

    /// <summary>The included files of a v2 <c>include:</c> (strings, or mappings with <c>path:</c>), resolved against the including file.</summary>
    public static IEnumerable<string> Includes(YamlMappingNode root, string file)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("include"), out YamlNode? include) || include is not YamlSequenceNode list)
            yield break;
        string directory = Path.GetDirectoryName(file) ?? ".";
        foreach (YamlNode item in list.Children)
        {
            IEnumerable<string> paths = item switch
            {
                YamlScalarNode { Value: string p } => [p],
                YamlMappingNode m when m.Children.TryGetValue(new YamlScalarNode("path"), out YamlNode? v) => v switch
                {
                    YamlScalarNode { Value: string p } => [p],
                    YamlSequenceNode s => s.Children.OfType<YamlScalarNode>().Select(x => x.Value!).Where(x => x is not null),
                    _ => [],
                },
                _ => [],
            };
            foreach (string p in paths)
                yield return Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(directory, p));
        }
    }

    /// <summary>Parses one compose file; null when it is not YAML (the caller reports it).</summary>
    public static YamlMappingNode? Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
    }

    private void Add(string file, int depth)
    {
        if (depth > 8 || _files.Contains(file) || !File.Exists(file) || new FileInfo(file).Length > 1024 * 1024)
            return;
        YamlMappingNode? root;
        try
        {
            root = _parsed is not null && _parsed.TryGetValue(file, out YamlMappingNode? known) ? known : Parse(File.ReadAllText(file));
        }
        catch (YamlException)
        {
            return;
        }
        if (root is null)
            return;
        foreach (string included in Includes(root, file))
            Add(included, depth + 1);
        _files.Add(file);
        if (!root.Children.TryGetValue(new YamlScalarNode("services"), out YamlNode? s) || s is not YamlMappingNode services)
            return;
        foreach (var (k, v) in services.Children)
        {
            if (k is not YamlScalarNode { Value: string name })
                continue;
            _entries.Add((file, name, null, (int)k.Start.Line));
            if (v is YamlMappingNode body)
            {
                foreach (var (key, _) in body.Children)
                {
                    if (key is YamlScalarNode { Value: string keyName })
                        _entries.Add((file, name, keyName, (int)key.Start.Line));
                }
            }
        }
    }
}
