namespace Tailwart.Core.Docker;

/// <summary>
/// The compose project's containers at one moment, keyed by service, plus the configured services
/// that have no container at all.
/// </summary>
public sealed record StackSnapshot(string Project, IReadOnlyDictionary<string, ContainerSnapshot> Services, IReadOnlyList<string> Missing)
{
    public ContainerSnapshot? Find(string service) => Services.TryGetValue(service, out var c) ? c : null;
}
