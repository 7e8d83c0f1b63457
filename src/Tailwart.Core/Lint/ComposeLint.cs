using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tailwart.Core.Lint;

/// <summary>
/// Reads the stack's compose files (and its .env and Caddyfiles) and reports what the edge
/// lessons say goes wrong: a sidecar healthcheck that cannot see the Postgres route and a
/// dependent that does not wait for it (lesson 1), Stalwart outside the sidecar's netns, and
/// tailnet addresses written down instead of MagicDNS names (lesson 6). Findings, not errors:
/// the stack may still run.
/// </summary>
public static class ComposeLint
{
    public static IReadOnlyList<Finding> Run(TailwartConfig config)
    {
        string directory = config.ResolvePath(config.Compose.ProjectDirectory);
        var files = config.Compose.Files.Select(f => Path.GetFullPath(Path.Combine(directory, f))).ToList();
        var findings = new List<Finding>();
        var services = new Dictionary<string, (YamlMappingNode Node, string File)>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            if (!File.Exists(file))
            {
                findings.Add(new("lint.compose-file-missing", Severity.Failure, "Compose file missing", file, null,
                    $"Fix compose.files / compose.projectDirectory in tailwart.json, or restore {file}."));
                continue;
            }
            string text = File.ReadAllText(file);
            findings.AddRange(TailnetLiterals.Find(file, text, config.Tailnet.Cidr));
            if (Parse(file, text, findings) is YamlMappingNode root && root.Children.TryGetValue(new YamlScalarNode("services"), out YamlNode? s) && s is YamlMappingNode mapping)
            {
                // Later files override earlier ones service by service, as compose merges them.
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: string name } && value is YamlMappingNode node)
                        services[name] = services.TryGetValue(name, out var earlier) ? (Merge(earlier.Node, node), file) : (node, file);
                }
            }
        }
        foreach (string extra in ExtraFiles(directory))
            findings.AddRange(TailnetLiterals.Find(extra, File.ReadAllText(extra), config.Tailnet.Cidr));

        // A file that could not be read says nothing about its services: don't pile "missing" on top.
        if (!findings.Any(f => f.Severity == Severity.Failure))
            findings.AddRange(ServiceRules.Check(config, services, files));
        return findings;
    }

    /// <summary>.env and Caddyfiles next to the compose files (and one level down), where addresses also hide.</summary>
    private static IEnumerable<string> ExtraFiles(string directory)
    {
        if (!Directory.Exists(directory))
            yield break;
        string env = Path.Combine(directory, ".env");
        if (File.Exists(env))
            yield return env;
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1, IgnoreInaccessible = true };
        foreach (string caddy in Directory.EnumerateFiles(directory, "Caddyfile*", options).Order(StringComparer.Ordinal))
        {
            if (new FileInfo(caddy).Length <= 1024 * 1024)
                yield return caddy;
        }
    }

    private static YamlNode? Parse(string file, string text, List<Finding> findings)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlException e)
        {
            findings.Add(new("lint.compose-file-invalid", Severity.Failure, "Compose file is not valid YAML",
                $"{file}:{e.Start.Line}: {e.Message}", null, "Fix the YAML; `docker compose config` shows compose's own reading."));
            return null;
        }
    }

    private static YamlMappingNode Merge(YamlMappingNode earlier, YamlMappingNode later)
    {
        var merged = new YamlMappingNode();
        foreach (var (k, v) in earlier.Children)
            merged.Children[k] = v;
        foreach (var (k, v) in later.Children)
            merged.Children[k] = v;
        return merged;
    }
}
