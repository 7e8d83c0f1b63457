using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Docker;
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
/// <remarks>
/// The services are judged on compose's own model (<see cref="RunAsync"/>: <c>compose config</c>,
/// JSON from the v2 plugin with <c>--format json</c>, YAML from v1 1.29, which has no JSON): its
/// override merge (an override setting only <c>healthcheck.interval</c> keeps the base's test),
/// its <c>${VAR}</c> interpolation from .env and the environment, and v2's <c>include:</c>. The
/// findings still point at the file and line the user wrote (<see cref="ComposeSources"/>).
/// The model is read once per process (<see cref="ComposeModelCache"/>, behind
/// <c>TailwartCore.LintModelAsync</c>): `lint`, the doctor's lint check and `status` share it.
/// <see cref="Run"/> is the fallback without a compose CLI: the files read here, merged key by key
/// as compose does, includes followed, and ${VAR} interpolated from .env and the environment.
/// </remarks>
public static class ComposeLint
{
    /// <summary>Lint on compose's own model read through <paramref name="compose"/> (a fresh read: tests and one-off callers).</summary>
    internal static Task<IReadOnlyList<Finding>> RunAsync(TailwartConfig config, ComposeCli? compose = null, CancellationToken ct = default)
    {
        string directory = config.ResolvePath(config.Compose.ProjectDirectory);
        compose ??= new ComposeCli(config.Compose, directory);
        return RunAsync(config, ComposeModelCache.Over(compose, config.Compose.Files, directory), ct);
    }

    /// <summary>
    /// Lint on compose's own model from <paramref name="models"/> (the process's one read, shared with
    /// the other verbs and checks that need it); without a compose CLI, the files merged here (with an
    /// info finding saying so).
    /// </summary>
    internal static async Task<IReadOnlyList<Finding>> RunAsync(TailwartConfig config, ComposeModelCache models, CancellationToken ct = default)
    {
        if (!RawChecks(config, out string directory, out var files, out var findings, out var parsed))
            return findings;
        string model;
        try
        {
            model = await models.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (UserFacingException e) when (e.Message.StartsWith("no compose CLI found", StringComparison.Ordinal))
        {
            var fallback = Run(config).ToList();
            fallback.Add(new("lint.compose-cli-missing", Severity.Info, "Linted without compose's own model", e.Message, null,
                "Install docker-compose-plugin (or docker-compose): the lint then reads `compose config`, with compose's merge and ${VAR} interpolation."));
            return fallback;
        }
        catch (UserFacingException e)
        {
            // compose's own words can be a Python traceback that names no file: say which files it was given
            string env = Path.Combine(directory, ".env");
            string given = string.Join(", ", File.Exists(env) ? [.. files, env] : files);
            findings.Add(new("lint.compose-config-failed", Severity.Failure, "compose cannot read the compose files", $"{given}: {e.Message}", null,
                "Fix what compose names; `docker compose config` shows compose's own reading."));
            return findings;
        }
        YamlMappingNode? root;
        try
        {
            root = ComposeSources.Parse(model);
        }
        catch (YamlException e)
        {
            findings.Add(new("lint.compose-config-unreadable", Severity.Failure, "compose config printed something tailwart cannot read", e.Message, null, "Report this with the output of `compose config`."));
            return findings;
        }
        var sources = ComposeSources.Read(files, parsed);
        var services = new Dictionary<string, (YamlMappingNode Node, string File)>(StringComparer.Ordinal);
        if (root is not null && root.Children.TryGetValue(new YamlScalarNode("services"), out YamlNode? s) && s is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                if (key is YamlScalarNode { Value: string name } && value is YamlMappingNode node)
                    services[name] = (node, sources.Where(name));
            }
        }
        findings.AddRange(ServiceRules.Check(config, services, files, sources));
        return findings;
    }

    /// <summary>The fallback without a compose CLI: the files (and their includes) merged here, mappings key by key as compose does.</summary>
    public static IReadOnlyList<Finding> Run(TailwartConfig config)
    {
        if (!RawChecks(config, out string directory, out var files, out var findings, out var parsed))
            return findings;
        var sources = ComposeSources.Read(files, parsed);
        var services = new Dictionary<string, (YamlMappingNode Node, string File)>(StringComparer.Ordinal);
        foreach (string file in sources.Files)
        {
            if ((parsed.TryGetValue(file, out YamlMappingNode? known) ? known : ComposeSources.Parse(File.ReadAllText(file))) is YamlMappingNode root && root.Children.TryGetValue(new YamlScalarNode("services"), out YamlNode? s) && s is YamlMappingNode mapping)
            {
                // Later files override earlier ones, as compose merges them: mappings deeply, everything else replaced.
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: string name } && value is YamlMappingNode node)
                        services[name] = services.TryGetValue(name, out var earlier) ? (Merge(earlier.Node, node), file) : (node, file);
                }
            }
        }
        var interpolation = ComposeInterpolation.ForProject(directory, Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? "")));
        findings.AddRange(ServiceRules.Check(config, services, files, sources, interpolation.Apply));
        return findings;
    }

    private static List<string> Files(TailwartConfig config, string directory) =>
        config.Compose.Files.Select(f => Path.GetFullPath(Path.Combine(directory, f))).ToList();

    /// <summary>Missing files, unparsable YAML and tailnet literals in the text as written; false when the service rules cannot run.</summary>
    private static bool RawChecks(TailwartConfig config, out string directory, out List<string> files, out List<Finding> findings, out Dictionary<string, YamlMappingNode?> parsed)
    {
        directory = config.ResolvePath(config.Compose.ProjectDirectory);
        files = Files(config, directory);
        findings = [];
        parsed = new Dictionary<string, YamlMappingNode?>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            if (!File.Exists(file))
            {
                findings.Add(new("lint.compose-file-missing", Severity.Failure, "Compose file missing", file, null,
                    $"Fix compose.files / compose.projectDirectory in tailwart.json, or restore {file}."));
                continue;
            }
            if (new FileInfo(file).Length > MaxFileBytes)
            {
                // the sources reader skips such a file, and compose v1 (Python) would take minutes over it
                findings.Add(new("lint.compose-file-too-large", Severity.Failure, "Compose file too large to lint", $"{file}: over {MaxFileBytes / 1024 / 1024} MiB", null, "A compose file is a few KiB: check that compose.files names the right file."));
                continue;
            }
            string text = File.ReadAllText(file);
            findings.AddRange(TailnetLiterals.Find(file, text, config.Tailnet.Cidr));
            try
            {
                YamlMappingNode? parsedRoot = ComposeSources.Parse(text);
                parsed[file] = parsedRoot;
                if (parsedRoot is not null && ExpandsBeyond(parsedRoot, MaxExpandedNodes))
                {
                    // compose (PyYAML) expands every alias: a "billion laughs" file would hold it for minutes
                    findings.Add(new("lint.compose-file-too-large", Severity.Failure, "Compose file expands to more than compose can read",
                        $"{file}: its anchors and aliases expand to more than {MaxExpandedNodes} nodes", null, "Remove the nested aliases (*name) that repeat each other."));
                    continue;
                }
                if (parsedRoot is YamlMappingNode root)
                {
                    foreach (string included in ComposeSources.Includes(root, file).Where(File.Exists))
                        findings.AddRange(TailnetLiterals.Find(included, File.ReadAllText(included), config.Tailnet.Cidr));
                }
            }
            catch (YamlException e)
            {
                findings.Add(new("lint.compose-file-invalid", Severity.Failure, "Compose file is not valid YAML",
                    $"{file}:{e.Start.Line}: {e.Message}", null, "Fix the YAML; `docker compose config` shows compose's own reading."));
            }
        }
        foreach (string extra in ExtraFiles(directory))
            findings.AddRange(TailnetLiterals.Find(extra, File.ReadAllText(extra), config.Tailnet.Cidr));
        // A file that could not be read says nothing about its services: don't pile "missing" on top.
        return !findings.Any(f => f.Severity == Severity.Failure);
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

    /// <summary>Nodes a compose file may expand to (its aliases counted each time): ample for any real stack.</summary>
    private const int MaxExpandedNodes = 100_000;

    /// <summary>The largest compose file linted (as <see cref="ComposeSources"/> reads).</summary>
    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>Whether the tree, each alias expanded where it is used (as compose does), has more than <paramref name="cap"/> nodes; stops counting at the cap.</summary>
    private static bool ExpandsBeyond(YamlNode root, int cap)
    {
        int count = 0;
        var stack = new Stack<YamlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            if (++count > cap)
                return true;
            switch (stack.Pop())
            {
                case YamlMappingNode m:
                    foreach (var (k, v) in m.Children)
                    {
                        stack.Push(k);
                        stack.Push(v);
                    }
                    break;
                case YamlSequenceNode q:
                    foreach (YamlNode child in q.Children)
                        stack.Push(child);
                    break;
            }
        }
        return false;
    }

    private static YamlMappingNode Merge(YamlMappingNode earlier, YamlMappingNode later)
    {
        var merged = new YamlMappingNode();
        foreach (var (k, v) in earlier.Children)
            merged.Children[k] = v;
        foreach (var (k, v) in later.Children)
            merged.Children[k] = merged.Children.TryGetValue(k, out YamlNode? before) && before is YamlMappingNode a && v is YamlMappingNode b ? Merge(a, b) : v;
        return merged;
    }
}
