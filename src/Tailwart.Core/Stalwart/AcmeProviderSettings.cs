namespace Tailwart.Core.Stalwart;

/// <summary>
/// One ACME provider as Stalwart is configured, secrets left out: where it orders (directory),
/// who it registers as (contact), how it proves control (challenge), which names it asks for
/// (wildcards included), the account URI when the API gives one (0.16 only), and whether a
/// DNS-01 challenge has a DNS provider to publish with (<see cref="DnsProblem"/> says why not).
/// </summary>
public sealed record AcmeProviderSettings(
    string Id,
    string Directory,
    AcmeChallenge Challenge,
    IReadOnlyList<string> Contact,
    IReadOnlyList<string> Domains,
    string? AccountUri,
    string? DnsProvider,
    string? DnsProblem)
{
    /// <summary>Let's Encrypt production, the default directory in both eras.</summary>
    public const string LetsEncryptDirectory = "https://acme-v02.api.letsencrypt.org/directory";

    /// <summary>
    /// Why Stalwart does not use this provider at all, or null when it does. 0.15.5 builds a provider only from an
    /// id with a non-empty <c>acme.&lt;id&gt;.directory</c> key, at least one contact and one domain, and no wildcard
    /// without DNS-01 (v0.15.5 crates/common/src/config/server/tls.rs <c>AcmeProviders::parse</c>).
    /// </summary>
    public string? Unused { get; init; }

    public bool RequestsWildcard => Domains.Any(d => d.StartsWith("*.", StringComparison.Ordinal));

    public bool IsDnsChallenge => Challenge is AcmeChallenge.Dns01 or AcmeChallenge.DnsPersist01;

    /// <summary>The challenge as the CA and the docs spell it.</summary>
    public string ChallengeName => Challenge switch
    {
        AcmeChallenge.TlsAlpn01 => "tls-alpn-01",
        AcmeChallenge.Http01 => "http-01",
        AcmeChallenge.Dns01 => "dns-01",
        AcmeChallenge.DnsPersist01 => "dns-persist-01",
        _ => "unknown",
    };

    public static AcmeChallenge ParseChallenge(string? value) => value?.Trim().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        null or "" or "tlsalpn01" => AcmeChallenge.TlsAlpn01, // the default in both eras
        "http01" => AcmeChallenge.Http01,
        "dns01" => AcmeChallenge.Dns01,
        "dnspersist01" => AcmeChallenge.DnsPersist01,
        _ => AcmeChallenge.Unknown,
    };
}
