using System.Net;
using System.Text.RegularExpressions;
using Tailwart.Core.Checks;
using Tailwart.Core.Net;

namespace Tailwart.Core.Lint;

/// <summary>
/// Finds tailnet (100.64.0.0/10) addresses written into files. The sidecar is ephemeral and its
/// address changes on re-registration (lesson 6: 100.112.26.122 → 100.79.87.80 mid-debug), so
/// anything that names an address instead of a MagicDNS name breaks silently.
/// </summary>
public static partial class TailnetLiterals
{
    /// <summary>Tailscale's MagicDNS resolver: a fixed service address, not a node's.</summary>
    private static readonly IPAddress MagicDnsResolver = IPAddress.Parse("100.100.100.100");

    public static IEnumerable<Finding> Find(string file, string text, string cidr)
    {
        Cidr tailnet = Cidr.TryParse(cidr, out Cidr? c) ? c : Cidr.Tailnet;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith('#'))
                continue;
            foreach (Match m in Ipv4().Matches(lines[i]))
            {
                if (IPAddress.TryParse(m.Value, out IPAddress? ip) && tailnet.Contains(ip) && !ip.Equals(MagicDnsResolver))
                {
                    yield return new Finding("lint.hardcoded-tailnet-ip", Severity.Warning, "Tailnet address hard-coded",
                        $"{file}:{i + 1}: {m.Value}", 6,
                        "Use the node's MagicDNS name (e.g. stalwart.<tailnet>.ts.net): an ephemeral node gets a new address on re-registration.");
                }
            }
        }
    }

    [GeneratedRegex(@"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9.])")]
    private static partial Regex Ipv4();
}
