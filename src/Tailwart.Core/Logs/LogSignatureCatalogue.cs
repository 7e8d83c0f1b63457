using System.Text.RegularExpressions;

namespace Tailwart.Core.Logs;

/// <summary>
/// The one place that knows which log lines matter and why (shared by the Logs pane and
/// `tailwart logs --explain`). Patterns come from Stalwart's own messages and event ids
/// (shared/reference/stalwart.md §5, §8; the line format is v0.16.18 crates/trc/src/serializers/text.rs).
/// Regexes run non-backtracking over at most <see cref="MatchWindow"/> characters, so a hostile
/// or enormous line costs linear time.
/// </summary>
public static class LogSignatureCatalogue
{
    /// <summary>Only the head of a line is matched; every signature's text sits well inside it.</summary>
    public const int MatchWindow = 4096;

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private const string TailnetIp = @"\b100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.[0-9]{1,3}\.[0-9]{1,3}\b";

    /// <summary>
    /// Most specific first: <see cref="Match"/> takes the first that matches, so when several match one line the
    /// most specific wins. A store error to a hard-coded tailnet address is lesson 6 (the address moved) before it
    /// is the generic lesson-1 store error (issue 15 §5); the registrar's "Unauthorized" before any DNS-01 failure.
    /// </summary>
    public static IReadOnlyList<LogSignature> All { get; } =
    [
        new("log.tailnet-unreachable", new($"Network is unreachable.*{TailnetIp}|{TailnetIp}.*Network is unreachable", Options), 6,
            "A tailnet address is unreachable",
            "The sidecar is ephemeral: its tailnet address changes on re-registration, so a hard-coded 100.x address goes 'Network is unreachable'.",
            "Use the MagicDNS name instead of the address; `tailwart lint` finds hard-coded ones."),
        new("log.db-boot-failure", new(@"Failed to read database configuration|Startup failed: Failed to create tables|Failed to create tables: .*error connecting to server", Options), 1,
            "Stalwart could not reach its PostgreSQL store at boot",
            "Stalwart started before the tailnet route to Postgres worked (the sidecar turns healthy before routes do). Any write in that gap, certificates included, is lost.",
            "Bring the stack up with `tailwart up`: it starts Stalwart only after a real PostgreSQL login from inside the sidecar's netns."),
        new("log.db-runtime-error", new(@"\(store\.(postgresql|pool)-error\)", Options), 1,
            "Stalwart lost its PostgreSQL store",
            "Writes (settings, bans, certificates) fail while the store is unreachable; Stalwart keeps running and /healthz/ready stays 200.",
            "Check the route with `tailwart status` (route level) and restart Stalwart through the gate once it is verified."),
        // 0.16.7+: "Failed to set DNS RRSet: Unauthorized"; 0.15.5: (acme.dns-record-creation-failed) … reason = "Unauthorized"
        new("log.acme-dns-unauthorized", new(@"Failed to set DNS RRSet: Unauthorized|\(acme\.dns-record-creation-failed\).*reason = ""Unauthorized""", Options), 2,
            "The registrar rejected Stalwart's DNS API key",
            "DNS-01 needs Stalwart to write the _acme-challenge TXT record; the Spaceship key/secret stored in Stalwart's admin UI is invalid or IP-restricted. A blank secret field in the admin UI is not evidence that it is unset.",
            "Run `tailwart key-test`; if it fails, create a fresh Spaceship key and enter it in Stalwart's ACME provider settings."),
        new("log.acme-dns-failure", new(@"\(acme\.dns-record-creation-failed\)|Failed to set DNS RRSet|\(dns\.record-propagation-timeout\)|\(acme\.dns-record-propagation-timeout\)", Options), 2,
            "Stalwart could not publish its DNS-01 challenge",
            "Without the _acme-challenge TXT record no certificate is issued, and retries count toward Let's Encrypt's hourly failed-validation limit.",
            "Check the DNS provider credentials (`tailwart key-test`) and the zone; consolidate renewals into one task."),
        new("log.acme-no-dns-provider", new(@"requires DNS challenge but a DNS provider was not configured", Options), 4,
            "ACME wants DNS-01 but no DNS provider is configured",
            "With no additional hostnames Stalwart requests a wildcard, and wildcards can only be validated with DNS-01; HTTP-01 can never satisfy them.",
            "Configure the DNS provider (Spaceship) for ACME, or list the hostnames explicitly."),
        new("log.acme-failure", new(@"\(acme\.(error|auth-error|order-invalid|auth-too-many-attempts|tls-alpn-error)\)|Failed to renew certificate|\(task-manager\.task-failed\).*AcmeRenewal", Options), 7,
            "An ACME order failed",
            "Failed validations are limited per hour (5/h/host) and issued duplicates per week (5/wk); a renewal task retrying often trips the hourly limit.",
            "Read the reason in the line, fix it once, then let one renewal run; check the budget with `tailwart certs`."),
        new("log.auto-ban", new(@"\(security\.(authentication|abuse|loiter|scan|brute-force)-ban\)", Options), 3,
            "Stalwart banned an address",
            "Mail listeners ban the client IP from the PROXY header; the admin listener bans the socket IP. Malformed probing of the mail ports re-arms bans.",
            "Allow-list 100.64.0.0/10 and the box's WAN IP; unban precisely with `tailwart bans unban IP`; don't rapid-poll the mail ports."),
        new("log.ip-blocked", new(@"\(security\.ip-blocked\)", Options), 3,
            "A banned address was turned away",
            "The connection was accepted and closed at once. If remoteIp is the edge box or a tailnet address, the box can still relay mail (PROXY header IP) but not reach :8080 (socket IP).",
            "See the Bans pane; allow-list the box's addresses and unban."),
        new("log.self-signed-fallback", new(@"\(tls\.no-certificates-available\)|rcgen self signed cert", Options), 1,
            "Stalwart is serving its self-signed fallback certificate",
            "No certificate matched the SNI name, often because an issued or imported certificate was never persisted (the lesson-1 race) or ACME never finished (lessons 2 and 4).",
            "Check `tailwart certs` for each port; after a clean gated bring-up, re-run the ACME order once."),
    ];

    /// <summary>Every signature the line matches, most specific first (for rules that need one cause whichever names it first).</summary>
    public static IEnumerable<LogSignature> MatchAll(string text) => All.Where(s => s.Matches(text));

    /// <summary>The most specific signature the line matches, or null.</summary>
    public static LogSignature? Match(string text)
    {
        foreach (LogSignature signature in All)
        {
            if (signature.Matches(text))
                return signature;
        }
        return null;
    }
}
