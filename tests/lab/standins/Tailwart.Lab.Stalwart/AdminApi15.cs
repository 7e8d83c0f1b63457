using System.Text.Json.Nodes;
using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// 0.11–0.15 REST subset under <c>/api</c> (stalwart.md §1, §2, §4): every <c>/api/*</c> call
/// authenticates first (unauthenticated ⇒ 401, the era probe); settings list/keys/update/delete,
/// reload (full, certificate, server.blocked-ip, lookup), oauth (version), restart (unsupported).
/// Not emulated: settings/group, logs, spam-filter/webadmin updates, permissions other than "admin".
/// </summary>
internal static class AdminApi15
{
    public static async Task<HttpWireResponse?> TryHandleAsync(Admin admin, SessionContext ctx, HttpWireRequest req, CancellationToken ct)
    {
        if (req.Path != "/api" && !req.Path.StartsWith("/api/", StringComparison.Ordinal)) return null;
        if (await admin.AuthenticateAsync(ctx, req, ct) is { } denied) return denied;

        var path = req.Path;
        switch (req.Method, path)
        {
            case ("GET", "/api/settings/list"):
                return await ListAsync(admin, req, ct);
            case ("GET", "/api/settings/keys"):
                return await KeysAsync(admin, req, ct);
            case ("POST", "/api/settings"):
                return await UpdateAsync(admin, req, ct);
            case ("DELETE", _) when path.StartsWith("/api/settings/", StringComparison.Ordinal):
                await admin.Settings.DeleteAsync([path["/api/settings/".Length..]], ct);
                return Json.Data(null);
            case ("GET", "/api/reload"):
            {
                // HTTP 200 either way; {"data":{"warnings":{},"errors":{key:{"type":"parse","error":…}}}} (utils/src/config/mod.rs
                // Config's Serialize, ConfigError tag = "type", camelCase) and, with any error, nothing applied
                // (v0.15.5 crates/http/src/management/reload.rs, crates/common/src/manager/reload.rs). dry-run is not imitated
                // beyond applying nothing.
                var errors = req.HasQuery("dry-run") ? new Dictionary<string, string>() : await admin.ReloadAllAsync(ct);
                var errorsJson = new JsonObject();
                foreach (var (key, message) in errors) errorsJson[key] = new JsonObject { ["type"] = "parse", ["error"] = message };
                return Json.Data(new JsonObject { ["warnings"] = new JsonObject(), ["errors"] = errorsJson });
            }
            case ("GET", "/api/reload/certificate"):
                await admin.ReloadCertificatesAsync(ct);
                return Json.Data(new JsonObject { ["warnings"] = new JsonObject(), ["errors"] = new JsonObject() });
            case ("GET", "/api/reload/server.blocked-ip"):
                // "data": the Config built for the prefix, serialised as {"warnings":{},"errors":{}} like the full reload.
                await admin.ReloadBlockedAsync(ct);
                return Json.Data(new JsonObject { ["warnings"] = new JsonObject(), ["errors"] = new JsonObject() });
            case ("GET", "/api/reload/lookup"):
                return Json.Data(new JsonObject { ["warnings"] = new JsonObject(), ["errors"] = new JsonObject() });
            case ("GET", "/api/restart"):
                return Json.Error("unsupported", ("details", "Restart is not yet supported"));
            case ("POST", "/api/oauth"):
                return Json.Data(new JsonObject
                {
                    ["code"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
                    ["permissions"] = new JsonArray("settings-list", "settings-update", "settings-delete", "settings-reload"),
                    ["version"] = admin.Version,
                    ["isEnterprise"] = false,
                });
            default:
                return Json.Problem(404, "Not Found", "The requested resource does not exist on this server.");
        }
    }

    private static async Task<HttpWireResponse> ListAsync(Admin admin, HttpWireRequest req, CancellationToken ct)
    {
        var prefix = req.QueryValue("prefix") ?? "";
        if (prefix.Length > 0 && !prefix.EndsWith('.')) prefix += ".";
        var page = int.TryParse(req.QueryValue("page"), out var p) && p > 0 ? p : 1;
        var limit = int.TryParse(req.QueryValue("limit"), out var l) && l > 0 ? l : 0;
        var all = await admin.Settings.ReadAsync(prefix, ct);
        var items = new JsonObject();
        var slice = limit == 0 ? all : all.Skip((page - 1) * limit).Take(limit);
        foreach (var (k, v) in slice) items[k[prefix.Length..]] = v;
        return Json.Data(new JsonObject { ["total"] = all.Count, ["items"] = items });
    }

    private static async Task<HttpWireResponse> KeysAsync(Admin admin, HttpWireRequest req, CancellationToken ct)
    {
        var all = await admin.Settings.ReadAsync("", ct);
        var keys = (req.QueryValue("keys") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var prefixes = (req.QueryValue("prefixes") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var data = new JsonObject();
        foreach (var k in keys)
        {
            if (all.TryGetValue(k, out var v)) data[k] = v;
        }
        foreach (var (k, v) in all.Where(kv => prefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal)))) data[k] = v;
        return Json.Data(data);
    }

    private static async Task<HttpWireResponse> UpdateAsync(Admin admin, HttpWireRequest req, CancellationToken ct)
    {
        var ops = SettingsView.ParseOperations(Json.Parse(req.Body));
        if (ops is null) return Json.Problem(400, "Invalid parameters", "Failed to deserialize JSON body.");
        foreach (var op in ops)
        {
            switch ((string?)op["type"])
            {
                case "delete":
                    var keys = (op["keys"] as JsonArray)?.Select(k => (string?)k).OfType<string>().ToList() ?? [];
                    await admin.Settings.DeleteAsync(keys, ct);
                    break;
                case "clear":
                    var prefix = (string?)op["prefix"] ?? "";
                    var filter = (string?)op["filter"];
                    var matching = (await admin.Settings.ReadAsync(prefix, ct))
                        .Where(kv => filter is null || kv.Key.Contains(filter, StringComparison.Ordinal) || kv.Value.Contains(filter, StringComparison.Ordinal))
                        .Select(kv => kv.Key).ToList();
                    await admin.Settings.DeleteAsync(matching, ct);
                    break;
                case "insert":
                    var result = await InsertAsync(admin, op, ct);
                    if (result is not null) return result;
                    break;
                default:
                    return Json.Problem(400, "Invalid parameters", "Failed to deserialize JSON body.");
            }
        }
        return Json.Data(null);
    }

    private static async Task<HttpWireResponse?> InsertAsync(Admin admin, JsonObject op, CancellationToken ct)
    {
        if (op["assert_empty"] is not JsonValue assertNode || !assertNode.TryGetValue<bool>(out var assertEmpty))
            return Json.Problem(400, "Invalid parameters", "Failed to deserialize JSON body: missing field `assert_empty`.");
        var prefix = (string?)op["prefix"];
        var values = new List<KeyValuePair<string, string>>();
        foreach (var pair in (op["values"] as JsonArray) ?? [])
        {
            if (pair is not JsonArray { Count: 2 } kv) return Json.Problem(400, "Invalid parameters", "Failed to deserialize JSON body.");
            var key = (string?)kv[0] ?? "";
            values.Add(new(prefix is null ? key : $"{prefix}.{key}", (string?)kv[1] ?? ""));
        }
        if (assertEmpty)
        {
            var probe = prefix is not null ? prefix + "." : values.FirstOrDefault().Key ?? "";
            if (probe.Length > 0 && (await admin.Settings.ReadAsync(probe, ct)).Count > 0) return Json.Error("assertFailed");
        }
        var error = await admin.Settings.InsertAsync(values, ct);
        return error is null ? null : Json.Error(error);
    }
}
