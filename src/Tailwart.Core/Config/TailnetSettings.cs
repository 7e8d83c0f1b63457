namespace Tailwart.Core.Config;

/// <summary>The tailnet: the sidecar is ephemeral, so only its MagicDNS name is stable (lesson 6).</summary>
public sealed record TailnetSettings
{
    public required string SidecarMagicDnsName { get; init; }
    public string Cidr { get; set; } = "100.64.0.0/10";
}
