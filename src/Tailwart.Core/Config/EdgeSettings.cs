namespace Tailwart.Core.Config;

/// <summary>The edge as the world sees it; the WAN IP must be on Stalwart's allow-list (lesson 3).</summary>
public sealed record EdgeSettings
{
    public required string PublicHostname { get; init; }

    /// <summary>An IP literal, or <c>resolve</c> to take the public hostname's address.</summary>
    public required string WanIp { get; init; }
}
