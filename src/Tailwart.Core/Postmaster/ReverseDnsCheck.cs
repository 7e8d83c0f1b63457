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
internal sealed class ReverseDnsCheck(IPostmasterDns dns)
{
    /// <param name="configured">The mail host name in tailwart.json (mail.hostnames.mail).</param>
    /// <param name="smtpBanner">Stalwart's :25 greeting as the certificate sweep saw it ("220 host …"); null when no sweep ran (budget).</param>
    public async Task<IReadOnlyList<Finding>> RunAsync(IReadOnlyList<IPAddress> wan, string configured, string? smtpBanner = null, CancellationToken ct = default)
    {
        var findings = new List<Finding>();
        string? greeted = BannerHost(smtpBanner);
        string announced = greeted ?? configured;
        string source = greeted is null ? "mail.hostnames.mail in tailwart.json (no SMTP greeting seen this run)" : $"Stalwart's SMTP greeting \"{smtpBanner}\"";
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
            string seen = string.Join("; ", evidence) + "; announced name from " + source;
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

    /// <summary>The host in an SMTP greeting: "220 mail.example.com ESMTP …" → mail.example.com (RFC 5321 §4.2: the domain follows the code).</summary>
    public static string? BannerHost(string? banner)
    {
        if (banner is null || !banner.StartsWith("220", StringComparison.Ordinal))
            return null;
        string[] parts = banner[3..].TrimStart(' ', '-').Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && parts[0].Contains('.', StringComparison.Ordinal) ? parts[0].TrimEnd('.') : null;
    }
}
