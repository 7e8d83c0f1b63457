namespace Tailwart.Core.Diagnosis;

/// <summary>
/// The sidecar's tailnet as seen from inside it: its tailnet address (<c>tailscale ip -4</c>), and
/// what its MagicDNS name resolves to there. A null address means the node has none (yet).
/// </summary>
public sealed record TailnetState(string? Address, bool? MagicDnsResolves, string Evidence);
