using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// The management surface: authentication (stalwart.md §1) and dispatch to the generation chosen at
/// start by <c>control/api-generation</c> — <see cref="AdminApi15"/> (REST) or <see cref="AdminApi16"/> (JMAP).
/// Also the reload operations both generations share.
/// </summary>
internal sealed class Admin(StandinConfig config, LabControl lab, Store store, BanBook bans, CertStore certs)
{
    public string Generation { get; } = lab.ApiGeneration;

    public string Version => Generation == "0.16" ? "0.16.18" : "0.15.5";

    public SettingsView Settings { get; } = new(config, store);

    public LabControl Lab => lab;

    public StandinConfig Config => config;

    public async Task<HttpWireResponse?> TryHandleAsync(SessionContext ctx, HttpWireRequest req, CancellationToken ct) =>
        Generation == "0.16"
            ? await AdminApi16.TryHandleAsync(this, ctx, req, ct)
            : await AdminApi15.TryHandleAsync(this, ctx, req, ct);

    /// <summary>Null when authorised; otherwise the 401 to send (and a failed attempt is counted).</summary>
    public async Task<HttpWireResponse?> AuthenticateAsync(SessionContext ctx, HttpWireRequest req, CancellationToken ct)
    {
        var header = req.Header("Authorization");
        if (string.IsNullOrWhiteSpace(header)) return Unauthorized(req);
        if (!AuthenticationHeaderValue.TryParse(header, out var auth) || auth.Parameter is null)
        {
            await bans.RecordAuthFailureAsync(ctx.ClientIp, "", ct);
            return Unauthorized(req);
        }
        var (ok, account) = Check(auth.Scheme, auth.Parameter);
        if (ok) return null;
        // auth.failed is DEBUG in the real server, so invisible at the default INFO level: not logged here.
        await bans.RecordAuthFailureAsync(ctx.ClientIp, account, ct);
        return Unauthorized(req);
    }

    private (bool Ok, string Account) Check(string scheme, string parameter)
    {
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            }
            catch (FormatException)
            {
                return (false, "");
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return (false, decoded);
            var user = decoded[..colon].Trim().ToLowerInvariant();
            var pass = decoded[(colon + 1)..];
            var bareUser = user.Split('@')[0];
            if (config.AdminPassword.Length > 0 && (user == config.AdminUser || (Generation == "0.16" && bareUser == config.AdminUser))
                && FixedEquals(pass, config.AdminPassword)) return (true, user);
            if (Generation == "0.16" && Environment.GetEnvironmentVariable("STALWART_RECOVERY_ADMIN") is { Length: > 0 } rec
                && FixedEquals($"{user}:{pass}", rec)) return (true, user);
            if (Generation == "0.15" && config.ApiKey is not null && FixedEquals($"{user}:{pass}", config.ApiKey)) return (true, user);
            return (false, user);
        }
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && config.ApiKey is not null)
        {
            // 0.15: "api_" + base64("name:secret"). 0.16: "API_" + base64url-no-pad("name:secret") (real 0.16
            // keys encode account/credential ids + random bytes; the stand-in keeps the configured pair instead).
            var expected = Generation == "0.16"
                ? "API_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(config.ApiKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
                : "api_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(config.ApiKey));
            return (FixedEquals(parameter, expected), "api-key");
        }
        return (false, "");
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>
    /// A refused or missing credential (CONTRACT.md B9): 401 with the problem body of <c>RequestError::unauthorized()</c>.
    /// 0.15 answers an <c>/api</c> call without any WWW-Authenticate header (v0.15.5 crates/http/src/request.rs
    /// 399–427, <c>unauthorized(false)</c>); every other refusal, and all of 0.16's, names both realms, Bearer then
    /// Basic (<c>unauthorized(true)</c>: v0.15.5 crates/http/src/management/mod.rs 279–301, v0.16.18
    /// crates/http/src/api/mod.rs 315–341).
    /// </summary>
    public HttpWireResponse Unauthorized(HttpWireRequest req)
    {
        var refusal = Json.Problem(401, "Unauthorized", "You have to authenticate first.");
        bool api = req.Path == "/api" || req.Path.StartsWith("/api/", StringComparison.Ordinal);
        return Generation == "0.15" && api
            ? refusal
            : refusal.With("WWW-Authenticate", "Bearer realm=\"Stalwart Server\"").With("WWW-Authenticate", "Basic realm=\"Stalwart Server\"");
    }

    /// <summary>Full reload: allow-list, blocked IPs, certificates; an ACME order if configured. With a configuration
    /// error nothing is applied and the errors are returned (key → message), as 0.15's <c>/api/reload</c> answers them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReloadAllAsync(CancellationToken ct)
    {
        var errors = await bans.ReloadAllAsync(ct);
        if (errors.Count > 0) return errors;
        await certs.ReloadAsync(ct);
        await Acme.MaybeOrderAsync(lab, store, Generation, ct);
        return errors;
    }

    public Task ReloadBlockedAsync(CancellationToken ct) => bans.ReloadBlockedAsync(ct);

    public Task ReloadCertificatesAsync(CancellationToken ct) => certs.ReloadAsync(ct);

    public Store Store => store;

    public BanBook Bans => bans;
}
