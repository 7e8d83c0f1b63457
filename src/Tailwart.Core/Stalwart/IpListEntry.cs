using System.Net;
using Tailwart.Core.Net;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// One entry of Stalwart's block list or allow-list, as the API gives it. 0.15 keeps only the
/// address (no reason, no dates, no expiry); 0.16 adds reason, createdAt and expiresAt.
/// </summary>
/// <param name="Address">As Stalwart stores it: an IP (v4 or v6) or a CIDR mask.</param>
/// <param name="Id">What deletes it: the 0.15 settings key or the 0.16 object id.</param>
public sealed record IpListEntry(string Address, string Id, string? Reason = null, DateTimeOffset? CreatedAt = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The address as a network (a single IP is a /32 or /128), or null when Stalwart holds something unparseable.</summary>
    public Cidr? Network => Cidr.TryParse(Address, out Cidr? cidr) ? cidr : null;

    public bool IsRange => Network is { } n && n.PrefixLength < (n.Network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);

    /// <summary>True when this entry covers <paramref name="address"/>.</summary>
    public bool Covers(IPAddress address) => Network?.Contains(address) == true;

    /// <summary>True when this entry covers all of <paramref name="network"/>.</summary>
    public bool Covers(Cidr network) => Network is { } n && n.PrefixLength <= network.PrefixLength && n.Contains(network.Network);
}
