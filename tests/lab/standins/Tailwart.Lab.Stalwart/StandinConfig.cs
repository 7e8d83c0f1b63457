using System.Globalization;

namespace Tailwart.Lab.Stalwart;

/// <summary>Everything the stand-in reads from its environment, read once at start.</summary>
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
    public required IReadOnlyList<IpNetwork> EnvAllowedIps { get; init; }
    public required string LabDir { get; init; }
    public required IReadOnlyDictionary<string, int> Ports { get; init; }
    public required int ScanBanCount { get; init; }
    public required TimeSpan ScanBanWindow { get; init; }
    public required int AuthBanCount { get; init; }
    public required TimeSpan AuthBanWindow { get; init; }
    public required TimeSpan IdleTimeout { get; init; }
    public required TimeSpan ProxyHeaderTimeout { get; init; }

    /// <summary>Listener ids as in the 0.15 quick-start config, with their default ports.</summary>
    public static readonly IReadOnlyList<(string Id, string Env, int Port)> DefaultListeners =
    [
        ("smtp", "SMTP", 25), ("submission", "SUBMISSION", 587), ("submissions", "SUBMISSIONS", 465),
        ("imap", "IMAP", 143), ("imaptls", "IMAPS", 993), ("https", "HTTPS", 443), ("http", "HTTP", 8080),
    ];

    public static StandinConfig FromEnvironment()
    {
        var offset = Int("STANDIN_PORT_OFFSET", 0);
        var ports = DefaultListeners.ToDictionary(
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
