using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tailwart.Lab.Stalwart;

/// <summary>An address or CIDR mask (Stalwart's IpMask); IPv4-mapped IPv6 is folded to IPv4.</summary>
internal sealed record IpNetwork(IPAddress Network, int PrefixLength)
{
    public static IpNetwork Parse(string text)
    {
        var t = text.Trim().Trim('"');
        var slash = t.IndexOf('/', StringComparison.Ordinal);
        var ip = Fold(IPAddress.Parse(slash < 0 ? t : t[..slash]));
        var max = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = slash < 0 ? max : int.Parse(t[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        if (prefix < 0 || prefix > max) throw new FormatException($"bad prefix in {text}");
        return new IpNetwork(ip, prefix);
    }

    public static bool TryParse(string text, out IpNetwork? network)
    {
        try
        {
            network = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            network = null;
            return false;
        }
    }

    public static IReadOnlyList<IpNetwork> ParseList(string csv) =>
        csv.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();

    public static IPAddress Fold(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    public bool Contains(IPAddress address)
    {
        var a = Fold(address);
        if (a.AddressFamily != Network.AddressFamily) return false;
        var x = a.GetAddressBytes();
        var n = Network.GetAddressBytes();
        var bits = PrefixLength;
        for (var i = 0; i < x.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((x[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }

    public bool IsSingleAddress => PrefixLength == (Network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    public override string ToString() => IsSingleAddress ? Network.ToString() : $"{Network}/{PrefixLength}";
}
