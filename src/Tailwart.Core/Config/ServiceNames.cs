namespace Tailwart.Core.Config;

/// <summary>Compose service names of the sidecar, Stalwart and the optional edge proxy.</summary>
public sealed record ServiceNames
{
    public required string Sidecar { get; init; }
    public required string Stalwart { get; init; }
    public string? Edge { get; init; }
}
