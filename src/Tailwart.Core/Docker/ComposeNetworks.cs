using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tailwart.Core.Docker;

/// <summary>One network a compose service's container should be attached to, as compose would attach it.</summary>
/// <param name="Name">The Docker network's name (project-prefixed unless the file names it or it is external).</param>
/// <param name="Aliases">The service name first, then the aliases the file gives.</param>
/// <param name="Ipv4Address">A fixed address (<c>ipv4_address</c>), or null.</param>
public sealed record ComposeNetwork(string Name, IReadOnlyList<string> Aliases, string? Ipv4Address);

/// <summary>
/// Which networks a service's container belongs on, read from <c>compose config</c> (compose's own
/// merged and normalised view of every file). Needed because docker-compose v1 attaches a container
/// created with <c>up --no-start</c> to its first network only, and the others when compose itself
/// starts it; a container started through the Docker API, as tailwart does, would run without them
/// (the lab's edge came up without its WAN network).
/// </summary>
public static class ComposeNetworks
{
    /// <summary>
    /// The networks of <paramref name="service"/>; empty when it uses <c>network_mode</c> (another
    /// container's or the host's stack) or is not in the config. Throws <see cref="UserFacingException"/>
    /// when the text is not YAML.
    /// </summary>
    public static IReadOnlyList<ComposeNetwork> Of(string configYaml, string project, string service)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(configYaml));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode ?? new YamlMappingNode();
        }
        catch (YamlException e)
        {
            throw new UserFacingException($"compose config printed something that is not YAML ({e.Message}): run it by hand to see why.", e);
        }
        if (Map(Map(root, "services"), service) is not { } node || Scalar(node, "network_mode") is not null)
            return [];
        YamlMappingNode? declared = Map(root, "networks");
        var result = new List<ComposeNetwork>();
        switch (Child(node, "networks"))
        {
            case YamlSequenceNode list: // networks: [a, b]
                foreach (var key in list.Children.OfType<YamlScalarNode>())
                    result.Add(new(FullName(declared, project, key.Value!), [service], null));
                break;
            case YamlMappingNode map: // networks: {a: {aliases: [...], ipv4_address: ...}, b: null}
                foreach (var (key, value) in map.Children)
                {
                    var options = value as YamlMappingNode;
                    var aliases = Child(options, "aliases") is YamlSequenceNode a ? a.Children.OfType<YamlScalarNode>().Select(s => s.Value!).ToList() : [];
                    result.Add(new(FullName(declared, project, ((YamlScalarNode)key).Value!), [service, .. aliases.Where(x => x != service)], Scalar(options, "ipv4_address")));
                }
                break;
            default: // no networks: the project's default network
                result.Add(new(FullName(declared, project, "default"), [service], null));
                break;
        }
        return result;
    }

    /// <summary>Compose's naming: the file's <c>name:</c>, else an external network's own key, else PROJECT_KEY.</summary>
    private static string FullName(YamlMappingNode? declared, string project, string key)
    {
        var network = Map(declared, key);
        if (Scalar(network, "name") is { } name)
            return name;
        return Child(network, "external") switch
        {
            YamlScalarNode { Value: "true" } => key,
            YamlMappingNode external when Scalar(external, "name") is { } n => n, // v1's external: {name: x}
            _ => $"{project}_{key}",
        };
    }

    private static YamlNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;

    private static YamlMappingNode? Map(YamlMappingNode? node, string key) => Child(node, key) as YamlMappingNode;

    private static string? Scalar(YamlMappingNode? node, string key) => Child(node, key) is YamlScalarNode { Value: { Length: > 0 } v } && v != "null" ? v : null;
}
