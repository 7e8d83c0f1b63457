using System.Net;
using Tailwart.Core.BringUp;
using Tailwart.Core.Netns;

namespace Tailwart.Core.Diagnosis;

/// <summary>
/// The sidecar's tailnet from inside it: <c>tailscale ip -4</c> (the tailscale image's own CLI) for
/// its address, and busybox <c>nslookup</c> of its MagicDNS name in its netns (lesson 6: the name
/// is the stable thing, and it must follow a re-registration to the new address).
/// </summary>
internal sealed class SidecarTailnetProbe(Func<CancellationToken, Task<NetnsConnector>> connectorFactory, string? magicDnsName, string cidr = "100.64.0.0/10") : ITailnetProbe
{
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(4);

    public async Task<TailnetState> ProbeAsync(CancellationToken ct = default)
    {
        NetnsConnector connector = await connectorFactory(ct).ConfigureAwait(false);
        var ipTask = connector.ExecAsync(["tailscale", "ip", "-4"], ExecTimeout, ct);
        var dnsTask = magicDnsName is null ? null : connector.ExecAsync(["nslookup", magicDnsName], ExecTimeout, ct);
        ExecResult ip = await ipTask.ConfigureAwait(false);
        string? address = ip.StandardOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(a => IPAddress.TryParse(a, out var parsed) && InCidr(parsed, cidr));
        string ipEvidence = address is not null ? $"tailscale ip -4 → {address}"
            : ip.Succeeded ? $"tailscale ip -4 printed no address in {cidr} ({Short(ip.StandardOutput)})"
            : $"tailscale ip -4 failed: {Short(ip.StandardError.Length > 0 ? ip.StandardError : ip.StandardOutput)}";
        if (dnsTask is null)
            return new TailnetState(address, null, ipEvidence);
        ExecResult dns = await dnsTask.ConfigureAwait(false);
        var answers = dns.Succeeded ? NslookupOutput.Addresses(dns.StandardOutput) : [];
        bool resolves = answers.Count > 0;
        string dnsEvidence = resolves ? $"{magicDnsName} → {string.Join(", ", answers)}" : $"{magicDnsName} does not resolve in the sidecar's netns ({Short(dns.StandardOutput + dns.StandardError)})";
        return new TailnetState(address, resolves, $"{ipEvidence}; {dnsEvidence}");
    }

    internal static bool InCidr(IPAddress address, string cidr) =>
        IPNetwork.TryParse(cidr, out var network) && network.Contains(address);

    private static string Short(string s)
    {
        string t = s.Trim().ReplaceLineEndings(" ");
        return t.Length == 0 ? "no output" : t.Length > 160 ? t[..160] + "…" : t;
    }
}
