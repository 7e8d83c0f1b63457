namespace Tailwart.Core.Config;

/// <summary>The postmaster checks (reverse DNS, SPF, DMARC, DANE, blocklists, DKIM).</summary>
public sealed record PostmasterSettings
{
    /// <summary>
    /// The addresses Stalwart's outbound mail leaves from, when they are not edge.wanIp (a relay or
    /// a second uplink): reverse DNS, SPF and blocklists are judged for these. Empty: edge.wanIp,
    /// plus the public hostname's IPv6 address when it has one.
    /// </summary>
    public IReadOnlyList<string> SendingIps { get; set; } = [];

    public BlocklistSettings Blocklists { get; set; } = new();
}
