using System.Net;
using System.Net.Sockets;
using DnsClient;
using Tailwart.Core.Checks;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// Forward-confirmed reverse DNS of each WAN IP: its PTR names a host whose A/AAAA records
/// include the same address, and that host is the one Stalwart announces in its greeting and
/// EHLO. Gmail and Microsoft refuse mail from an address without FCrDNS; a PTR naming another
/// host than the EHLO name is scored as suspicious by many filters.
/// </summary>
public sealed class ReverseDnsCheck(IPostmasterDns dns)
{
    /// <param name="announced">The host name Stalwart announces (server.hostname; tailwart.json mail.hostnames.mail).</param>
    public async Task<IReadOnlyList<Finding>> RunAsync(IReadOnlyList<IPAddress> wan, string announced, CancellationToken ct = default)
    {
        var findings = new List<Finding>();
        foreach (IPAddress ip in wan)
        {
            string pointer = ReverseDns.PointerName(ip);
            DnsAnswer ptr = await dns.QueryAsync(pointer, QueryType.PTR, ct).ConfigureAwait(false);
            if (ptr.IsTemporaryError)
            {
                findings.Add(new("postmaster.rdns-lookup-failed", Severity.Warning, $"The reverse DNS of {ip} could not be read", ptr.Describe(), null, "Check dns.resolver; receivers that cannot read it either defer your mail."));
                continue;
            }
            if (ptr.Data.Count == 0)
            {
                findings.Add(new("postmaster.rdns-missing", Severity.Failure, $"The WAN IP {ip} has no reverse DNS (PTR)", ptr.Describe(), null,
                    $"Ask whoever owns {ip} (the ISP or hosting provider; it is set in their panel, not in your zone) for PTR {announced}."));
                continue;
            }
            var confirmed = new List<string>();
            var evidence = new List<string> { ptr.Describe() };
            foreach (string host in ptr.Data.Take(10))
            {
                DnsAnswer forward = await dns.QueryAsync(host, ip.AddressFamily == AddressFamily.InterNetwork ? QueryType.A : QueryType.AAAA, ct).ConfigureAwait(false);
                evidence.Add(forward.Describe());
                if (forward.Data.Any(d => IPAddress.TryParse(d, out IPAddress? a) && a.Equals(ip)))
                    confirmed.Add(host);
            }
            string seen = string.Join("; ", evidence);
            if (confirmed.Count == 0)
                findings.Add(new("postmaster.rdns-not-forward-confirmed", Severity.Failure, $"The reverse DNS of {ip} does not point back to it", seen, null,
                    $"Make the PTR name resolve to {ip} (publish {ptr.Data[0]} {(ip.AddressFamily == AddressFamily.InterNetwork ? "A" : "AAAA")} {ip}), or have the PTR changed to {announced}."));
            else if (!confirmed.Contains(announced, StringComparer.OrdinalIgnoreCase))
                findings.Add(new("postmaster.rdns-other-name", Severity.Warning, $"The reverse DNS of {ip} names {confirmed[0]}, not {announced}, which Stalwart announces", seen, null,
                    $"Have the PTR of {ip} set to {announced}, or set Stalwart's server.hostname (and mail.hostnames.mail) to {confirmed[0]}: receivers compare the EHLO name with it."));
            else
                findings.Add(new("postmaster.rdns-ok", Severity.Ok, $"Reverse DNS of {ip} is {announced} and points back", seen, null, "Nothing to do."));
        }
        return findings;
    }
}
