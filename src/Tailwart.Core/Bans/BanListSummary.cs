using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Tailwart.Core.Net;

namespace Tailwart.Core.Bans;

/// <summary>
/// A long list of addresses as a person reads it: the count, the first few, and where they come from (by network and,
/// when known, by reason). A scan storm leaves hundreds of bans; 601 addresses on one line, twice, help nobody. Pure
/// (no I/O), so the CLI and the TUI present lists alike; the full list belongs under --json.
/// </summary>
public sealed record BanListSummary(int Count, IReadOnlyList<string> First, IReadOnlyList<BanGroup> Networks, IReadOnlyList<BanGroup> Reasons)
{
    /// <summary>How many addresses are named before the rest is summarised.</summary>
    public const int DefaultFirst = 5;

    /// <summary>At most this many groups are shown; the rest are counted in one "other" line.</summary>
    public const int MaxGroups = 5;

    public int More => Count - First.Count;

    public static BanListSummary Of(IReadOnlyList<string> addresses, IReadOnlyList<string?>? reasons = null, int first = DefaultFirst)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var networks = Group(addresses.Select(NetworkOf));
        // 0.15 lists carry no reason at all: no grouping then, rather than one "(no reason)" line.
        var byReason = reasons is null || reasons.All(string.IsNullOrWhiteSpace) ? [] : Group(reasons.Select(r => string.IsNullOrWhiteSpace(r) ? "(no reason)" : r!));
        return new BanListSummary(addresses.Count, addresses.Take(Math.Max(0, first)).ToList(), networks, byReason);
    }

    /// <summary>One line: every address when there are few, else "N addresses: a, b, … and K more".</summary>
    public static string Inline(IReadOnlyList<string> addresses, int first = 8)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count <= first)
            return string.Join(", ", addresses);
        return string.Create(CultureInfo.InvariantCulture, $"{addresses.Count} addresses: {string.Join(", ", addresses.Take(first))} and {addresses.Count - first} more (--json lists all)");
    }

    /// <summary>The summary as text lines (count and first few, then the groupings when they say something).</summary>
    public IEnumerable<string> Lines()
    {
        yield return More > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Count} addresses, first {First.Count}: {string.Join(", ", First)} (and {More} more; --json lists all)")
            : string.Create(CultureInfo.InvariantCulture, $"{Count} address(es): {string.Join(", ", First)}");
        if (More > 0 && Networks.Count > 0)
            yield return "by network: " + Describe(Networks);
        if (More > 0 && Reasons.Count > 0)
            yield return "by reason: " + Describe(Reasons);
    }

    /// <summary>IPv4 addresses by /24, IPv6 by /64 (one allocation, usually one source), a banned range as itself.</summary>
    public static string NetworkOf(string address)
    {
        if (!Cidr.TryParse(address, out Cidr? cidr))
            return address.Trim();
        bool v4 = cidr.Network.AddressFamily == AddressFamily.InterNetwork;
        int max = v4 ? 32 : 128;
        if (cidr.PrefixLength != max)
            return cidr.ToString();
        int prefix = v4 ? 24 : 64;
        byte[] bytes = cidr.Network.GetAddressBytes();
        for (int bit = prefix; bit < max; bit++)
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return $"{new IPAddress(bytes)}/{prefix}";
    }

    private static List<BanGroup> Group(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase)
            .Select(g => new BanGroup(g.Key, g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

    private static string Describe(IReadOnlyList<BanGroup> groups)
    {
        var shown = groups.Take(MaxGroups).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count}"));
        int rest = groups.Skip(MaxGroups).Sum(g => g.Count);
        int restGroups = Math.Max(0, groups.Count - MaxGroups);
        return string.Join(", ", shown) + (restGroups > 0 ? string.Create(CultureInfo.InvariantCulture, $", {rest} in {restGroups} other group(s)") : "");
    }
}
