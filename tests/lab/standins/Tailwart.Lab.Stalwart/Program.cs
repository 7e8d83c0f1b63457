// Stalwart stand-in for the tailwart lab — a small imitation of Stalwart 0.15.5 / 0.16.18 as seen from
// the outside, faithful to the shared reference stalwart.md (§ numbers in comments refer to it) and to the
// edge lessons 1–3. More detail and the env table: ../README.md.
//
// EMULATES
//   * Boot: the `server.startup` line with version; the Postgres store via Npgsql (application_name
//     "stalwart", a held pool of 4 sessions, tables settings / blocked_ips / certificates). DB failure at
//     boot prints the emulated version's line and, per control/db-failure-mode, exits 1 ("exit": what
//     0.15/0.16 do; Docker restart-loops it) or keeps running with the store disabled ("degrade": what
//     the seed saw — later writes are silently lost and counted in state/lost-writes; the store stays
//     disabled for the life of the process, even when Postgres comes back).
//       0.15 exit:   Failed to read database configuration: PostgreSQL error (store.postgresql-error): reason = Error occurred while creating a new object: error connecting to server: …
//       0.16 exit:   ⚠️ Startup failed: Failed to create tables: PostgreSQL error (store.postgresql-error): reason = error connecting to server: …
//       degrade:     <ts> ERROR Configuration build error (config.build-error) details = "Build error for key \"store.postgresql\": Failed to create tables: … error connecting to server: …"
//   * Listeners, per mode (StandinConfig.Listeners015/016). 0.15 (ids of the quick-start config): smtp 25,
//     submission 587 (STARTTLS), submissions 465 (implicit TLS), imap 143 (STARTTLS), imaptls 993 (implicit),
//     https 443 (implicit; MTA-STS, autoconfig, health, management API), http 8080 (plain admin; no PROXY).
//     0.16 (0.16's own defaults): smtp 25, submissions 465, imaps 993, pop3s 995 (greeting/CAPA/QUIT only),
//     sieve 4190 (greeting/CAPABILITY/LOGOUT only), https 443, http 8080 — no 587, no 143.
//   * TLS per SNI from certificates stored in PG; until one is loaded, the self-signed fallback whose
//     subject and issuer CN are "rcgen self signed cert" (+ tls.no-certificates-available per handshake).
//     Certificates load at boot and on a certificate reload (0.15 GET /api/reload/certificate or full
//     /api/reload; 0.16 x:Action ReloadTlsCertificates/ReloadSettings) — from the store only.
//   * PROXY v1/v2 on every listener (8080 too), only from STANDIN_TRUSTED_PROXIES (or a listener's
//     STANDIN_PROXY_OVERRIDE_<ID>), where it is mandatory
//     (missing/bad ⇒ network.proxy-error, dropped). From other peers a PROXY line is just garbage input.
//   * Auto-ban: keyed on the proxied client IP on mail listeners, on the socket IP on 8080. Malformed
//     protocol input (bad SMTP/IMAP command, bad HTTP, failed TLS handshake) counts in the "scan" category
//     (default 30/1d like server.auto-ban.scan.rate; lab override below) and re-arms after an unban;
//     an HTTP 404 on a scan path (*.php*, */wp-*, …) bans at once; failed admin logins count as "auth"
//     (100/1d). Loopback is never banned, nor on 0.16 are the trusted proxy networks (auto-allow-listed);
//     the allow-list (env + server.allowed-ip.* / x:AllowedIp, applied on full reload) wins. A banned IP is accepted then closed at once (security.ip-blocked). A ban is in
//     memory and in blocked_ips; if that write fails it is memory-only, so a restart flushes exactly those.
//   * Management API: 0.15 REST subset or 0.16 JMAP subset (control/api-generation, read at start); see
//     AdminApi15.cs / AdminApi16.cs for the routes and what is not emulated. Era probe: unauthenticated
//     GET /api/settings/list ⇒ 401 on 0.15, 404 on 0.16. Health: /healthz/live, /healthz/ready ⇒ 200.
//   * Logs on stderr in Stalwart's text format (no ANSI), incl. acme.* failures (Acme.cs).
//
// DOES NOT EMULATE
//   Mail storage or delivery (DATA is accepted and discarded), IMAP/POP3/Sieve login and mailboxes, OAuth,
//   real ACME issuance (no CA in the lab), HTTP keep-alive (one request per connection), X-Forwarded-For,
//   ban expiry, permissions finer than "admin", settings/group, log query APIs, clustering.
//   API reads (settings list, x:BlockedIp/get) show the store's truth; memory-only bans are visible only
//   in the connection behaviour and the log, as in the real server.
//
// ENVIRONMENT
//   STALWART_DB_HOST/PORT/NAME/USER/PASSWORD (defaults the-record-prod/5432/stalwart/stalwart/"")
//   STALWART_DB_TIMEOUT            connect timeout seconds (15, the real store default)
//   STALWART_ADMIN_USER/PASSWORD   fallback admin for Basic auth (admin/"" — empty password disables it)
//   STALWART_API_KEY               optional "name:secret": 0.15 Basic or Bearer api_<base64>; 0.16 Bearer API_<base64url>
//   STALWART_RECOVERY_ADMIN        optional "user:pass" accepted on 0.16
//   STANDIN_HOSTNAME               server hostname (mail.lab.example); the MTA-STS/autoconfig domain is its parent
//   STANDIN_TRUSTED_PROXIES        CIDRs allowed (and required) to send PROXY headers, every listener (100.64.0.0/10)
//   STANDIN_PROXY_OVERRIDE_<ID>    CIDRs replacing them for one listener (<ID> as in STANDIN_PORT_<ID>, e.g. HTTP)
//   STANDIN_ALLOWED_IPS            extra allow-list CIDRs ("")
//   STANDIN_LAB_DIR                control/state dir (/lab) — see LabControl.cs
//   STANDIN_PORT_OFFSET            added to every default port (0); STANDIN_PORT_{SMTP,SUBMISSION,SUBMISSIONS,
//                                  IMAP,IMAPS,POP3S,SIEVE,HTTPS,HTTP} override one port each
//   STANDIN_SCAN_BAN_COUNT / _WINDOW_SECONDS   malformed-input ban threshold (30 / 86400)
//   STANDIN_AUTH_BAN_COUNT / _WINDOW_SECONDS   failed-login ban threshold (100 / 86400)
//   STANDIN_IDLE_TIMEOUT_SECONDS   per-command read timeout (60); STANDIN_PROXY_TIMEOUT_SECONDS (5)
//   STANDIN_ACME_DOMAINS           comma list; when set an ACME order is "triggered" at boot/full reload
//
// PUBLISH (self-contained, for the busybox-based image):
//   dotnet publish tests/lab/standins/Tailwart.Lab.Stalwart -c Release -r linux-x64 --self-contained \
//     -p:PublishSingleFile=true -o tests/lab/.state/build/stalwart-standin     → ./stalwart-standin
using Tailwart.Lab.Stalwart;

var config = StandinConfig.FromEnvironment();
var lab = new LabControl(config.LabDir);
var generation = lab.ApiGeneration;
var version = generation == "0.16" ? "0.16.18" : "0.15.5";
var stop = new CancellationTokenSource(); // not disposed: ProcessExit may still cancel it
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

Store store;
try
{
    store = await Store.OpenAsync(config, lab, stop.Token);
}
catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
{
    DbFailureText.PrintBootFailure(generation, lab.DegradeOnDbFailure, e);
    if (!lab.DegradeOnDbFailure) return 1;
    store = Store.Disabled(lab);
}

if (generation == "0.16")
    StalwartLog.Info("Starting Stalwart Server", "server.startup", ("hostname", config.Hostname), ("version", version));
else
    StalwartLog.Info($"Starting Stalwart Server v{version}", "server.startup", ("version", version));

var bans = new BanBook(config, store, v016: generation == "0.16");
var certs = new CertStore(store);
var admin = new Admin(config, lab, store, bans, certs);
await admin.ReloadAllAsync(stop.Token);
var services = new Services(config, lab, store, bans, certs, admin);

// Every listener, the admin listener (http, 8080) included, requires a PROXY header from its trusted networks
// (global unless overridden per listener), as Stalwart does: CONTRACT.md B3.
var listeners = StandinConfig.ListenersFor(generation)
    .Select(l => new Listener(l.Id, config.Ports[l.Id], l.Protocol, l.ImplicitTls, adminListener: l.Id == "http", services)).ToList();

try
{
    foreach (var l in listeners) l.Bind();
}
catch (System.Net.Sockets.SocketException e)
{
    StalwartLog.Error("Network listener error", "network.listen-error", ("reason", e.Message));
    return 1;
}
await Task.WhenAll(listeners.Select(l => l.RunAsync(stop.Token)));
StalwartLog.Info("Shutting down Stalwart Server", "server.shutdown", ("version", version));
await store.DisposeAsync();
return 0;
