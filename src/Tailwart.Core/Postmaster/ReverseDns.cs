using System.Net;
using System.Net.Sockets;

namespace Tailwart.Core.Postmaster;

/// <summary>The reverse names of an address: in-addr.arpa / ip6.arpa for PTR, and the prefix DNSBLs use.</summary>
public static class ReverseDns
{
    /// <summary>192.0.2.1 → 1.2.0.192.in-addr.arpa; an IPv6 address → 32 nibbles under ip6.arpa.</summary>
    public static string PointerName(IPAddress ip) =>
        ReversedLabels(ip) + (ip.AddressFamily == AddressFamily.InterNetwork ? ".in-addr.arpa" : ".ip6.arpa");

    /// <summary>192.0.2.1 → 1.2.0.192 (what a DNSBL zone is queried with).</summary>
    public static string ReversedLabels(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
            ip = ip.MapToIPv4();
        byte[] bytes = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
            return string.Join('.', bytes.Reverse().Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return string.Join('.', Convert.ToHexString(bytes).ToLowerInvariant().Reverse());
    }
}
