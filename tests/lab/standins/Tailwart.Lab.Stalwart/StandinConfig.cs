using System.Globalization;

namespace Tailwart.Lab.Stalwart;

/// <summary>Everything the stand-in reads from its environment, read once at start.</summary>
/// <summary>One listener: its id (0.15 key / 0.16 NetworkListener name), port env name, default port, protocol, implicit TLS.</summary>
internal sealed record ListenerSpec(string Id, string Env, int Port, ListenerProtocol Protocol, bool ImplicitTls);

internal sealed record StandinConfig
{
    public required string DbHost { get; init; }
    public required int DbPort { get; init; }
    public required string DbName { get; init; }
    public required string DbUser { get; init; }
    public required string DbPassword { get; init; }
    public required int DbTimeoutSeconds { get; init; }
    public required string AdminUser { get; init; }
    public required string AdminPassword { get; init; }
    public string? ApiKey { get; init; }
    public required string Hostname { get; init; }
    public required IReadOnlyList<IpNetwork> TrustedProxies { get; init; }

    /// <summary>
    /// Per-listener proxy trusted networks (by listener id), replacing <see cref="TrustedProxies"/> for that
    /// listener only: 0.16 <c>NetworkListener.overrideProxyTrustedNetworks</c> when non-empty (v0.16.18
    /// crates/common/src/config/server/listener.rs 216–220), 0.15 <c>server.listener.&lt;id&gt;.proxy.trusted-networks</c>
    /// when present (v0.15.5 same file 180–193). Env <c>STANDIN_PROXY_OVERRIDE_&lt;PORT ENV NAME&gt;</c>, e.g. _HTTP.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IpNetwork>> ProxyOverrides { get; init; } = new Dictionary<string, IReadOnlyList<IpNetwork>>();

    /// <summary>The networks whose peers must (and may) send a PROXY header on listener <paramref name="id"/>.</summary>
    public IReadOnlyList<IpNetwork> TrustedProxiesFor(string id) => ProxyOverrides.TryGetValue(id, out var o) && o.Count > 0 ? o : TrustedProxies;
    public required IReadOnlyList<IpNetwork> EnvAllowedIps { get; init; }
    public required string LabDir { get; init; }
    public required IReadOnlyDictionary<string, int> Ports { get; init; }
    public required int ScanBanCount { get; init; }
    public required TimeSpan ScanBanWindow { get; init; }
    public required int AuthBanCount { get; init; }
    public required TimeSpan AuthBanWindow { get; init; }
    public required TimeSpan IdleTimeout { get; init; }
    public required TimeSpan ProxyHeaderTimeout { get; init; }

    /// <summary>
    /// The listeners of 0.15 mode: ids and ports of the 0.15 quick-start config (v0.15.5
    /// crates/common/src/manager/boot.rs QUICKSTART_CONFIG) without its pop3 110, pop3s 995 and sieve 4190,
    /// which tailwart never checks on 0.15 (CONTRACT.md B4).
    /// </summary>
    public static readonly IReadOnlyList<ListenerSpec> Listeners015 =
    [
        new("smtp", "SMTP", 25, ListenerProtocol.Smtp, false), new("submission", "SUBMISSION", 587, ListenerProtocol.Smtp, false),
        new("submissions", "SUBMISSIONS", 465, ListenerProtocol.Smtp, true), new("imap", "IMAP", 143, ListenerProtocol.Imap, false),
        new("imaptls", "IMAPS", 993, ListenerProtocol.Imap, true), new("https", "HTTPS", 443, ListenerProtocol.Http, true),
        new("http", "HTTP", 8080, ListenerProtocol.Http, false),
    ];

    /// <summary>
    /// The listeners of 0.16 mode: exactly the NetworkListener objects 0.16 creates when none exists
    /// (v0.16.18 crates/common/src/manager/defaults.rs 459–490): no 587, no 143; pop3s 995 and sieve 4190.
    /// </summary>
    public static readonly IReadOnlyList<ListenerSpec> Listeners016 =
    [
        new("smtp", "SMTP", 25, ListenerProtocol.Smtp, false), new("submissions", "SUBMISSIONS", 465, ListenerProtocol.Smtp, true),
        new("imaps", "IMAPS", 993, ListenerProtocol.Imap, true), new("pop3s", "POP3S", 995, ListenerProtocol.Pop3, true),
        new("sieve", "SIEVE", 4190, ListenerProtocol.ManageSieve, false), new("https", "HTTPS", 443, ListenerProtocol.Http, true),
        new("http", "HTTP", 8080, ListenerProtocol.Http, false),
    ];

    public static IReadOnlyList<ListenerSpec> ListenersFor(string generation) => generation == "0.16" ? Listeners016 : Listeners015;

    public static StandinConfig FromEnvironment()
    {
        var offset = Int("STANDIN_PORT_OFFSET", 0);
        // Both modes' ids: the mode (control/api-generation) is read later, from the lab dir.
        var ports = Listeners015.Concat(Listeners016).DistinctBy(l => l.Id).ToDictionary(
            l => l.Id, l => Int($"STANDIN_PORT_{l.Env}", l.Port + offset), StringComparer.Ordinal);
        return new StandinConfig
        {
            DbHost = Str("STALWART_DB_HOST", "the-record-prod"),
            DbPort = Int("STALWART_DB_PORT", 5432),
            DbName = Str("STALWART_DB_NAME", "stalwart"),
            DbUser = Str("STALWART_DB_USER", "stalwart"),
            DbPassword = Str("STALWART_DB_PASSWORD", ""),
            DbTimeoutSeconds = Int("STALWART_DB_TIMEOUT", 15),
            AdminUser = Str("STALWART_ADMIN_USER", "admin").Trim().ToLowerInvariant(),
            AdminPassword = Str("STALWART_ADMIN_PASSWORD", ""),
            ApiKey = Environment.GetEnvironmentVariable("STALWART_API_KEY") is { Length: > 0 } k ? k : null,
            Hostname = Str("STANDIN_HOSTNAME", "mail.lab.example"),
            TrustedProxies = IpNetwork.ParseList(Str("STANDIN_TRUSTED_PROXIES", "100.64.0.0/10")),
            ProxyOverrides = Listeners015.Concat(Listeners016).DistinctBy(l => l.Id)
                .Where(l => Environment.GetEnvironmentVariable($"STANDIN_PROXY_OVERRIDE_{l.Env}") is { Length: > 0 })
                .ToDictionary(l => l.Id, l => IpNetwork.ParseList(Str($"STANDIN_PROXY_OVERRIDE_{l.Env}", "")), StringComparer.Ordinal),
            EnvAllowedIps = IpNetwork.ParseList(Str("STANDIN_ALLOWED_IPS", "")),
            LabDir = Str("STANDIN_LAB_DIR", "/lab"),
            Ports = ports,
            ScanBanCount = Int("STANDIN_SCAN_BAN_COUNT", 30),
            ScanBanWindow = TimeSpan.FromSeconds(Int("STANDIN_SCAN_BAN_WINDOW_SECONDS", 86400)),
            AuthBanCount = Int("STANDIN_AUTH_BAN_COUNT", 100),
            AuthBanWindow = TimeSpan.FromSeconds(Int("STANDIN_AUTH_BAN_WINDOW_SECONDS", 86400)),
            IdleTimeout = TimeSpan.FromSeconds(Int("STANDIN_IDLE_TIMEOUT_SECONDS", 60)),
            ProxyHeaderTimeout = TimeSpan.FromSeconds(Int("STANDIN_PROXY_TIMEOUT_SECONDS", 5)),
        };
    }

    /// <summary>The Postgres domain part of the domain, e.g. "lab.example" for "mail.lab.example".</summary>
    public string Domain => Hostname.Contains('.', StringComparison.Ordinal) ? Hostname[(Hostname.IndexOf('.', StringComparison.Ordinal) + 1)..] : Hostname;

    private static string Str(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
