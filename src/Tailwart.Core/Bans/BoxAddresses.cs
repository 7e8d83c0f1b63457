using System.Net;
using System.Net.NetworkInformation;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Net;

namespace Tailwart.Core.Bans;

/// <summary>
/// The addresses by which Stalwart may know this box: the WAN IP, the tailnet range and the
/// box's own interface addresses. A ban on any of them is the lesson-3 "8080 mystery".
/// </summary>
public sealed record BoxAddresses(IPAddress? WanIp, Cidr Tailnet, IReadOnlyList<IPAddress> EdgeAddresses)
{
    /// <summary>From tailwart.json; <c>edge.wanIp = resolve</c> takes the public hostname's address; interface addresses come from this box.</summary>
    internal static async Task<BoxAddresses> FromConfigAsync(TailwartConfig config, HostResolver resolver, CancellationToken ct = default)
    {
        IPAddress? wan = null;
        if (IPAddress.TryParse(config.Edge.WanIp, out IPAddress? literal))
            wan = literal;
        else if (string.Equals(config.Edge.WanIp, "resolve", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                IReadOnlyList<IPAddress> resolved = await resolver.ResolveAsync(config.Edge.PublicHostname, ct).ConfigureAwait(false);
                wan = resolved.Count > 0 ? resolved[0] : null;
            }
            catch (UserFacingException)
            {
                // Unresolvable: the WAN check is skipped and the allow-list audit says so.
            }
        }
        Cidr tailnet = Cidr.TryParse(config.Tailnet.Cidr, out Cidr? c) ? c : Cidr.Tailnet;
        return new BoxAddresses(wan, tailnet, LocalAddresses());
    }

    /// <summary>This box's non-loopback interface addresses (loopback is never banned by Stalwart).</summary>
    public static IReadOnlyList<IPAddress> LocalAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
                .Distinct()
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    /// <summary>Which of this box's identities <paramref name="entry"/> covers (a CIDR entry covers every address inside it).</summary>
    public IReadOnlyList<BoxAddressKind> Match(Stalwart.IpListEntry entry)
    {
        var kinds = new List<BoxAddressKind>();
        if (entry.Network is not Cidr network)
            return kinds;
        if (WanIp is not null && network.Contains(WanIp))
            kinds.Add(BoxAddressKind.WanIp);
        if (Tailnet.Contains(network.Network) || entry.Covers(Tailnet))
            kinds.Add(BoxAddressKind.Tailnet);
        if (EdgeAddresses.Any(a => network.Contains(a) && !a.Equals(WanIp)))
            kinds.Add(BoxAddressKind.EdgeBox);
        return kinds;
    }
}
