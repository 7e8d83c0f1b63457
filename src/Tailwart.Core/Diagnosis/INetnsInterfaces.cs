using Tailwart.Core.Docker;

namespace Tailwart.Core.Diagnosis;

/// <summary>The network interfaces in a running container's netns; null when they cannot be read from here.</summary>
public interface INetnsInterfaces
{
    Task<IReadOnlyList<string>?> InterfacesAsync(ContainerSnapshot container, CancellationToken ct = default);
}
