using Tailwart.Core.Secrets;

namespace Tailwart.Core.Config;

/// <summary>The registrar API behind Stalwart's DNS-01 challenges (lesson 2).</summary>
public sealed record SpaceshipSettings
{
    public required Uri BaseUrl { get; init; }
    public required SecretReference ApiKey { get; init; }
    public required SecretReference ApiSecret { get; init; }
}
