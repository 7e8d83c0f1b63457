namespace Tailwart.Core.Bans;

/// <summary>Why an address matters to this box (lesson 3): banning it cuts the box off from its own admin API.</summary>
public enum BoxAddressKind
{
    /// <summary>The box's public WAN IP (edge.wanIp): the proxied client when the box connects to its own public hostname.</summary>
    WanIp,

    /// <summary>Inside the tailnet range (tailnet.cidr, 100.64.0.0/10): the sidecar, the edge, the admin's devices.</summary>
    Tailnet,

    /// <summary>An address of this edge box itself: the socket IP the admin listener sees when tailwart connects directly.</summary>
    EdgeBox,
}
