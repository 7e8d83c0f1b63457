using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Tailwart.Core.Net;

/// <summary>An IPv4 or IPv6 network such as 100.64.0.0/10, for allow-lists and tailnet checks.</summary>
public sealed record Cidr(IPAddress Network, int PrefixLength)
{
    /// <summary>Tailscale's CGNAT range (lessons 3 and 6).</summary>
    public static readonly Cidr Tailnet = Parse("100.64.0.0/10");

    public static Cidr Parse(string text) =>
        TryParse(text, out Cidr? cidr) ? cidr : throw new FormatException($"'{text}' is not a network such as 100.64.0.0/10.");

    public static bool TryParse(string? text, [NotNullWhen(true)] out Cidr? cidr)
    {
        cidr = null;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        string[] parts = text.Trim().Split('/');
        if (!IPAddress.TryParse(parts[0], out IPAddress? ip))
            return false;
        int max = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int prefix = max;
        if (parts.Length == 2 && (!int.TryParse(parts[1], out prefix) || prefix < 0 || prefix > max))
            return false;
        if (parts.Length > 2)
            return false;
        cidr = new Cidr(ip, prefix);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != Network.AddressFamily)
            return false;
        byte[] a = address.GetAddressBytes(), n = Network.GetAddressBytes();
        int bits = PrefixLength;
        for (int i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((a[i] & mask) != (n[i] & mask))
                return false;
        }
        return true;
    }

    public override string ToString() => $"{Network}/{PrefixLength}";
}
