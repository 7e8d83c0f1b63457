namespace Tailwart.Core.Stalwart;

/// <summary>Stalwart's two IP lists (stalwart.md §2).</summary>
public enum IpListKind
{
    /// <summary>0.15 <c>server.blocked-ip.*</c>, 0.16 <c>x:BlockedIp</c>.</summary>
    Blocked,

    /// <summary>0.15 <c>server.allowed-ip.*</c>, 0.16 <c>x:AllowedIp</c>.</summary>
    Allowed,
}
