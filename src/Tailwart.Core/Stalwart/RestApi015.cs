using System.Globalization;
using System.Text.Json.Nodes;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// The 0.11–0.15 REST dialect (stalwart.md §2, §4). Bans and allow-list entries are settings keys
/// <c>server.blocked-ip.&lt;ip-or-cidr&gt;</c> / <c>server.allowed-ip.…</c> with empty values, in the
/// database. A settings write does not touch the in-memory set, hence the reloads: single-IP bans
/// need <c>/api/reload/server.blocked-ip</c>, CIDR bans and the allow-list live in core config and
/// need the full <c>/api/reload</c>. Management errors arrive as HTTP 200 <c>{"error":…}</c>.
/// </summary>
internal sealed class RestApi015(StalwartCredential credential, StalwartClientOptions options) : IStalwartApi
{
    public const string BlockedPrefix = "server.blocked-ip";
    public const string AllowedPrefix = "server.allowed-ip";

    public ApiGeneration Generation => ApiGeneration.Rest015;

    public async Task<string?> VersionAsync(StalwartHttp http, CancellationToken ct)
    {
        // What the 0.15 web admin does to learn the version; it leaves a short-lived OAuth code behind (harmless).
        JsonObject data = await DataAsync(http, HttpMethod.Post, "/api/oauth", "{\"type\":\"code\",\"client_id\":\"tailwart\"}", "POST /api/oauth (version)", ct).ConfigureAwait(false) as JsonObject
            ?? throw new StalwartApiException(StalwartFailure.Malformed, http.Path.Name, "POST /api/oauth: no data object in the answer.");
        return ApiAnswers.Text(data["version"]);
    }

    public async Task<IpList> ListAsync(StalwartHttp http, IpListKind kind, CancellationToken ct)
    {
        string prefix = kind == IpListKind.Blocked ? BlockedPrefix : AllowedPrefix;
        var entries = new List<IpListEntry>();
        bool truncated = false;
        long? reported = null;
        for (int page = 1; ; page++)
        {
            string what = $"GET /api/settings/list?prefix={prefix} (page {page})";
            string url = string.Create(CultureInfo.InvariantCulture, $"/api/settings/list?prefix={prefix}&page={page}&limit={options.PageSize}");
            if (await DataAsync(http, HttpMethod.Get, url, null, what, ct).ConfigureAwait(false) is not JsonObject data
                || data["items"] is not JsonObject items)
                throw new StalwartApiException(StalwartFailure.Malformed, http.Path.Name, $"{what}: expected {{\"data\":{{\"total\":N,\"items\":{{…}}}}}}.");
            // v0.15.5 crates/http/src/management/settings.rs "list": total = every key under the prefix, page is 1-based.
            long? answered = ApiAnswers.Number(data["total"]);
            reported = answered ?? reported;
            long total = answered ?? long.MaxValue;
            foreach (var (key, _) in items)
            {
                if (entries.Count >= options.MaxEntries)
                    break;
                // The prefix is stripped from keys; a CIDR key may carry TOML quotes ("203.0.113.0/24").
                string address = key.Trim().Trim('"');
                entries.Add(new IpListEntry(address, $"{prefix}.{key}"));
            }
            if (entries.Count >= options.MaxEntries)
            {
                truncated = reported is not long r || entries.Count < r;
                break;
            }
            if (items.Count == 0 || entries.Count >= total || items.Count < options.PageSize)
            {
                truncated = reported is long r && entries.Count < r;
                break;
            }
        }
        return new IpList(entries, Generation, http.Path.Name, truncated, reported);
    }

    public async Task RemoveBlockedAsync(StalwartHttp http, IReadOnlyList<IpListEntry> entries, CancellationToken ct)
    {
        var body = new JsonArray(new JsonObject { ["type"] = "delete", ["keys"] = new JsonArray(entries.Select(e => (JsonNode)e.Id).ToArray()) });
        await DataAsync(http, HttpMethod.Post, "/api/settings", body.ToJsonString(), "POST /api/settings (delete bans)", ct).ConfigureAwait(false);
        // /api/reload/server.blocked-ip rebuilds the set of single addresses only; banned networks are parsed into the core,
        // which only the full reload rebuilds (v0.15.5 crates/common/src/manager/reload.rs reload_blocked_ips vs reload).
        if (entries.Any(e => e.IsRange))
            await ReloadAsync(http, "/api/reload", "GET /api/reload (CIDR bans live in core config)", ct).ConfigureAwait(false);
        else
            await ReloadAsync(http, "/api/reload/server.blocked-ip", "GET /api/reload/server.blocked-ip", ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> AddAllowedAsync(StalwartHttp http, IReadOnlyList<string> addresses, CancellationToken ct)
    {
        // Nothing to add: only the reload, which proves the stored allow-list is the applied one (or returns Stalwart's error).
        if (addresses.Count > 0)
        {
            var values = new JsonArray(addresses.Select(a => (JsonNode)new JsonArray($"{AllowedPrefix}.{a}", "")).ToArray());
            var body = new JsonArray(new JsonObject { ["type"] = "insert", ["prefix"] = null, ["values"] = values, ["assert_empty"] = false });
            await DataAsync(http, HttpMethod.Post, "/api/settings", body.ToJsonString(), "POST /api/settings (allow-list)", ct).ConfigureAwait(false);
        }
        // The allow-list is parsed with the core config: only a full reload applies it, and a config error anywhere stops it.
        return await ReloadAsync(http, "/api/reload", "GET /api/reload", ct).ConfigureAwait(false);
    }

    public Task ReloadCertificatesAsync(StalwartHttp http, CancellationToken ct) =>
        ReloadAsync(http, "/api/reload/certificate", "GET /api/reload/certificate", ct);

    /// <summary>
    /// A reload, judged by Stalwart's own answer: HTTP 200 <c>{"data":{"warnings":{key:{"type":…}},"errors":{key:{"type":…,"error":…}}}}</c>
    /// (v0.15.5 crates/utils/src/config/mod.rs Config/ConfigError serialisation; crates/http/src/management/reload.rs). Any
    /// error means the full reload applied nothing, so it is thrown with Stalwart's words; warnings alone are not a failure
    /// and are returned, "key: type[: error or default]" (ConfigWarning: missing, appliedDefault{default}, unread{value},
    /// build{error}, parse{error}). An unread key's value is never quoted: it may be a secret.
    /// </summary>
    private async Task<IReadOnlyList<string>> ReloadAsync(StalwartHttp http, string url, string what, CancellationToken ct)
    {
        JsonNode? data = await DataAsync(http, HttpMethod.Get, url, null, what, ct).ConfigureAwait(false);
        if (data?["errors"] is JsonObject { Count: > 0 } errors)
        {
            string list = string.Join("; ", errors.Take(5).Select(e => $"{e.Key}: {Describe(e.Value)}"));
            string more = errors.Count > 5 ? $" (and {errors.Count - 5} more)" : "";
            throw new StalwartApiException(StalwartFailure.ConfigRejected, http.Path.Name,
                $"{what}: Stalwart found {errors.Count} configuration error(s) and applied nothing: {list}{more}. Fix or delete those settings (web admin → Settings, or POST /api/settings), then run this again.");
        }
        return data?["warnings"] is JsonObject warnings
            ? warnings.Select(w => $"{w.Key}: {DescribeWarning(w.Value)}").ToList()
            : [];
    }

    private static string DescribeWarning(JsonNode? warning)
    {
        string type = ApiAnswers.Text(warning?["type"]) ?? "warning";
        string? detail = ApiAnswers.Text(warning?["error"]) ?? (type == "appliedDefault" ? ApiAnswers.Text(warning?["default"]) is string d ? "default " + d : null : null);
        return ApiAnswers.Snippet(detail is null ? type : $"{type}: {detail}");
    }

    private static string Describe(JsonNode? error) =>
        ApiAnswers.Snippet($"{ApiAnswers.Text(error?["type"]) ?? "error"}{(ApiAnswers.Text(error?["error"]) is string detail ? ": " + detail : "")}");

    public async Task<AcmeSettings> AcmeSettingsAsync(StalwartHttp http, CancellationToken ct)
    {
        // The answer holds secrets (provider secret, account key, certificate key): the body is never quoted in errors,
        // and AcmeSettings015 keeps only whether they are set.
        const string what = "GET /api/settings/list?prefix=acme";
        if (await DataAsync(http, HttpMethod.Get, "/api/settings/list?prefix=acme&limit=0", null, what, ct).ConfigureAwait(false) is not JsonObject data
            || data["items"] is not JsonObject items)
            throw new StalwartApiException(StalwartFailure.Malformed, http.Path.Name, $"{what}: expected {{\"data\":{{\"total\":N,\"items\":{{…}}}}}}.");
        var pairs = items.Select(kv => new KeyValuePair<string, string>(kv.Key, ApiAnswers.Text(kv.Value) ?? ""));
        return new AcmeSettings(Generation, http.Path.Name, AcmeSettings015.Parse(pairs), AcmeSettings015.AccountUriNote);
    }

    public async Task<IReadOnlyList<DkimKey>> DkimKeysAsync(StalwartHttp http, CancellationToken ct)
    {
        // The answer holds the private keys: the body is never quoted, and DkimKeys015 keeps only the public halves.
        const string what = "GET /api/settings/list?prefix=signature";
        if (await DataAsync(http, HttpMethod.Get, "/api/settings/list?prefix=signature&limit=0", null, what, ct).ConfigureAwait(false) is not JsonObject data
            || data["items"] is not JsonObject items)
            throw new StalwartApiException(StalwartFailure.Malformed, http.Path.Name, $"{what}: expected {{\"data\":{{\"total\":N,\"items\":{{…}}}}}}.");
        return DkimKeys015.Parse(items.Select(kv => new KeyValuePair<string, string>(kv.Key, ApiAnswers.Text(kv.Value) ?? "")));
    }

    public async Task<IReadOnlyList<StalwartListener>> ListenersAsync(StalwartHttp http, CancellationToken ct)
    {
        const string what = "GET /api/settings/list?prefix=server.listener";
        if (await DataAsync(http, HttpMethod.Get, "/api/settings/list?prefix=server.listener&limit=0", null, what, ct).ConfigureAwait(false) is not JsonObject data
            || data["items"] is not JsonObject items)
            throw new StalwartApiException(StalwartFailure.Malformed, http.Path.Name, $"{what}: expected {{\"data\":{{\"total\":N,\"items\":{{…}}}}}}.");
        return StalwartListener.Parse015(items.Select(kv => new KeyValuePair<string, string>(kv.Key, ApiAnswers.Text(kv.Value) ?? "")));
    }

    // 0.15 has no task queue over the API: an ACME failure is its WARN acme.dns-record-creation-failed (CONTRACT.md B7).
    public Task<IReadOnlyList<AcmeRenewalTask>?> AcmeRenewalTasksAsync(StalwartHttp http, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AcmeRenewalTask>?>(null);

    /// <summary>One call; returns <c>data</c>, or throws for <c>{"error":…}</c> (sent with HTTP 200 by 0.15).</summary>
    private async Task<JsonNode?> DataAsync(StalwartHttp http, HttpMethod method, string url, string? json, string what, CancellationToken ct)
    {
        StalwartResponse r = await http.SendAsync(method, url, json, credential.Header(), ct).ConfigureAwait(false);
        JsonObject root = ApiAnswers.ExpectJsonObject(r, what, credential);
        if (ApiAnswers.Text(root["error"]) is string error)
            throw new StalwartApiException(StalwartFailure.ApiError, r.Path, $"{what}: Stalwart answered error '{error}': \"{ApiAnswers.Snippet(r.Body)}\".");
        if (!root.ContainsKey("data"))
            throw ApiAnswers.Shape(r, what, "{\"data\":…}");
        return root["data"];
    }
}
