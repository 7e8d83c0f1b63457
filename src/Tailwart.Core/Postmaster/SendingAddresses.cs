using System.Net;
using System.Net.Sockets;
using DnsClient;
using Tailwart.Core.Config;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// The addresses receivers see Stalwart's mail come from: postmaster.sendingIps when set, else
/// edge.wanIp (an IP literal, or "resolve": the public hostname's IPv4) plus the public
/// hostname's IPv6 address when it has one (Mail-in-a-Box checks both families).
/// </summary>
internal static class SendingAddresses
{
    public static async Task<(IReadOnlyList<IPAddress> Addresses, string? Problem)> ResolveAsync(TailwartConfig config, IPostmasterDns dns, CancellationToken ct = default)
    {
        var list = new List<IPAddress>();
        if (config.Postmaster.SendingIps.Count > 0)
        {
            foreach (string text in config.Postmaster.SendingIps)
            {
                if (!IPAddress.TryParse(text, out IPAddress? ip))
                    return ([], $"postmaster.sendingIps: '{text}' is not an IP address");
                list.Add(ip);
            }
            return (list, null);
        }
        if (IPAddress.TryParse(config.Edge.WanIp, out IPAddress? literal))
            list.Add(literal);
        else
        {
            DnsAnswer a = await dns.QueryAsync(config.Edge.PublicHostname, QueryType.A, ct).ConfigureAwait(false);
            list.AddRange(a.Data.Select(IPAddress.Parse).Take(1));
            if (list.Count == 0)
                return ([], $"edge.wanIp is \"resolve\" and {a.Describe()}");
        }
        if (list.All(ip => ip.AddressFamily != AddressFamily.InterNetworkV6))
        {
            DnsAnswer aaaa = await dns.QueryAsync(config.Edge.PublicHostname, QueryType.AAAA, ct).ConfigureAwait(false);
            list.AddRange(aaaa.Data.Select(IPAddress.Parse).Take(1));
        }
        return (list, null);
    }
}
