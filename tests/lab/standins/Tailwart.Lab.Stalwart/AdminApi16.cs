using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// 0.16 JMAP subset (stalwart.md §1, §2, §4, §6): <c>GET /jmap/session</c>, <c>/.well-known/jmap</c> (307),
/// <c>POST /jmap</c> with <c>x:BlockedIp</c>, <c>x:AllowedIp</c> (get/query/set), <c>x:Certificate</c> (get/set),
/// <c>x:Action/set</c> (ReloadBlockedIps, ReloadSettings, ReloadTlsCertificates), <c>x:AcmeProvider</c>, <c>x:Domain</c>,
/// <c>x:DnsServer</c> (get/set, <see cref="RegistryObjects16"/>), <c>x:NetworkListener/get</c> (<see cref="RegistryListeners16"/>); <c>/api/account</c>,
/// <c>/api/schema</c> (302). Any other <c>/api/*</c> — including <c>/api/settings/list</c> — is 404 without auth
/// (the era probe). Like the real registry, <c>/set</c> does not touch the in-memory ban/allow sets: follow it
/// with an <c>x:Action</c>. Unconfirmed shapes, chosen as most plausible: ids are opaque strings derived from
/// the address; <c>x:Certificate</c> PEM fields accept a string or <c>{"@type":"Text","value":…}</c>.
/// </summary>
internal static class AdminApi16
{
    private const string AccountId = "a";

    /// <summary><c>getMaxResults</c> and <c>setMaxObjects</c> defaults (v0.16.18 <c>crates/registry/src/schema/structs_impl.rs</c> <c>impl Default for Jmap</c>).</summary>
    private const int MaxObjects = 500;

    public static async Task<HttpWireResponse?> TryHandleAsync(Admin admin, SessionContext ctx, HttpWireRequest req, CancellationToken ct)
    {
        var path = req.Path;
        if (path == "/.well-known/jmap") return new HttpWireResponse(307, "", []).With("Location", "/jmap/session");
        var isApi = path.StartsWith("/api/", StringComparison.Ordinal);
        var isJmap = path is "/jmap" or "/jmap/" or "/jmap/session";
        if (isApi && !(path is "/api/account" || path.StartsWith("/api/schema", StringComparison.Ordinal)))
            return Json.Problem(404, "Not Found", "The requested resource does not exist on this server.");
        if (!isApi && !isJmap) return null;
        if (await admin.AuthenticateAsync(ctx, req, ct) is { } denied) return denied;

        switch (req.Method, path)
        {
            case ("GET", "/api/account"):
                return Json.Ok(new JsonObject { ["permissions"] = new JsonArray("sysBlockedIpGet", "sysBlockedIpQuery", "sysBlockedIpCreate", "sysBlockedIpDestroy", "sysAllowedIpGet", "sysActionCreate"), ["edition"] = "oss", ["locale"] = "en" });
            case ("GET", "/api/schema"):
                return new HttpWireResponse(302, "", []).With("Location", "/api/schema/" + Convert.ToHexString(SHA256.HashData("schema"u8)).ToLowerInvariant());
            case ("GET", "/jmap/session"):
                return Json.Ok(Session(admin, ctx));
            case ("POST", "/jmap" or "/jmap/"):
                if (req.Header("Content-Type") is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                    return Json.Problem(400, "Invalid content type", "Expected application/json.");
                return await ApiAsync(admin, req, ct);
            default:
                return Json.Problem(404, "Not Found", "The requested resource does not exist on this server.");
        }
    }

    private static JsonObject Session(Admin admin, SessionContext ctx)
    {
        var host = ctx.Services.Config.Hostname;
        return new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["urn:ietf:params:jmap:core"] = new JsonObject { ["maxSizeRequest"] = 10_000_000, ["maxCallsInRequest"] = 16, ["maxObjectsInGet"] = 500, ["maxObjectsInSet"] = 500 },
                ["urn:stalwart:jmap"] = new JsonObject(),
            },
            ["accounts"] = new JsonObject { [AccountId] = new JsonObject { ["name"] = "admin", ["isPersonal"] = true, ["isReadOnly"] = false, ["accountCapabilities"] = new JsonObject { ["urn:stalwart:jmap"] = new JsonObject() } } },
            ["primaryAccounts"] = new JsonObject { ["urn:stalwart:jmap"] = AccountId },
            ["username"] = "admin",
            ["apiUrl"] = $"https://{host}/jmap/",
            ["downloadUrl"] = $"https://{host}/jmap/download/{{accountId}}/{{blobId}}/{{name}}?accept={{type}}",
            ["uploadUrl"] = $"https://{host}/jmap/upload/{{accountId}}/",
            ["eventSourceUrl"] = $"https://{host}/jmap/eventsource/?types={{types}}&closeafter={{closeafter}}&ping={{ping}}",
            ["state"] = admin.Version,
        };
    }

    private static async Task<HttpWireResponse> ApiAsync(Admin admin, HttpWireRequest req, CancellationToken ct)
    {
        if (Json.Parse(req.Body) is not JsonObject body || body["methodCalls"] is not JsonArray calls)
            return Json.Problem(400, "Not JSON", "The request did not parse as a JMAP request object.")
                .With("X-Jmap-Error", "urn:ietf:params:jmap:error:notRequest");
        var responses = new JsonArray();
        foreach (var call in calls.Take(16))
        {
            if (call is not JsonArray { Count: 3 } triple || (string?)triple[0] is not { } name || triple[1] is not JsonObject args)
                return Json.Problem(400, "Not request", "Invalid method call.");
            var callId = (string?)triple[2] ?? "";
            try
            {
                var result = await DispatchAsync(admin, name, args, ct);
                responses.Add(new JsonArray(result is null ? "error" : name, result ?? new JsonObject { ["type"] = "unknownMethod" }, callId));
            }
            catch (MethodErrorException e)
            {
                responses.Add(new JsonArray("error", e.Error, callId));
            }
        }
        return Json.Ok(new JsonObject { ["methodResponses"] = responses, ["sessionState"] = admin.Version });
    }

    private static async Task<JsonObject?> DispatchAsync(Admin admin, string name, JsonObject args, CancellationToken ct) => name switch
    {
        "x:BlockedIp/get" => Get(args, await BlockedAsync(admin, ct)),
        "x:BlockedIp/query" => Query(args, await BlockedAsync(admin, ct)),
        "x:BlockedIp/set" => await SetIpsAsync(admin, args, blocked: true, ct),
        "x:AllowedIp/get" => Get(args, await AllowedAsync(admin, ct)),
        "x:AllowedIp/query" => Query(args, await AllowedAsync(admin, ct)),
        "x:AllowedIp/set" => await SetIpsAsync(admin, args, blocked: false, ct),
        "x:Certificate/get" => Get(args, await CertificatesAsync(admin, ct)),
        "x:Certificate/set" => await SetCertificatesAsync(admin, args, ct),
        "x:Action/set" => await ActionAsync(admin, args, ct),
        "x:NetworkListener/get" => RegistryListeners16.Get(admin.Config, args, AccountId),
        "x:Task/query" => TaskQueue16.Query(args, AccountId),
        "x:Task/get" => TaskQueue16.Get(args, AccountId),
        _ => await RegistryDkim16.DispatchAsync(admin, name, args, AccountId, ct) ?? await RegistryObjects16.DispatchAsync(admin, name, args, AccountId, ct),
    };

    private static string IdOf(string text) => "i" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();

    private static async Task<List<JsonObject>> BlockedAsync(Admin admin, CancellationToken ct)
    {
        try
        {
            return (await admin.Store.ReadBansAsync(ct)).Select(b => new JsonObject
            {
                ["id"] = IdOf(b.Address), ["address"] = b.Address, ["reason"] = b.Reason,
                ["createdAt"] = b.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["expiresAt"] = null,
            }).ToList();
        }
        catch (StoreUnavailableException)
        {
            return [];
        }
    }

    private static async Task<List<JsonObject>> AllowedAsync(Admin admin, CancellationToken ct)
    {
        var keys = await admin.Settings.ReadAsync("server.allowed-ip.", ct);
        return keys.Select(kv => kv.Key["server.allowed-ip.".Length..]).Select(a => new JsonObject
        {
            ["id"] = IdOf(a), ["address"] = a, ["reason"] = "manual", ["createdAt"] = null, ["expiresAt"] = null,
        }).ToList();
    }

    private static async Task<List<JsonObject>> CertificatesAsync(Admin admin, CancellationToken ct)
    {
        var list = new List<JsonObject>();
        try
        {
            foreach (var row in await admin.Store.ReadCertificatesAsync(ct))
            {
                try
                {
                    using var cert = CertStore.Load(row.CertPem, row.KeyPem);
                    var sans = new JsonObject();
                    foreach (var n in CertStore.Names(cert)) sans[n] = true;
                    list.Add(new JsonObject
                    {
                        ["id"] = row.Id, ["subjectAlternativeNames"] = sans, ["issuer"] = cert.Issuer,
                        ["notValidBefore"] = cert.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                        ["notValidAfter"] = cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    });
                }
                catch (CryptographicException)
                {
                    // unreadable rows are skipped, as a failed build would be
                }
            }
        }
        catch (StoreUnavailableException)
        {
        }
        return list;
    }

    private static JsonObject Get(JsonObject args, List<JsonObject> all)
    {
        var ids = (args["ids"] as JsonArray)?.Select(i => (string?)i).OfType<string>().ToList();
        if (ids?.Count > MaxObjects) return RequestTooLarge();
        var list = new JsonArray();
        var notFound = new JsonArray();
        if (ids is null)
        {
            foreach (var o in all.Take(MaxObjects)) list.Add(o);
        }
        else
        {
            foreach (var id in ids)
            {
                var hit = all.FirstOrDefault(o => (string?)o["id"] == id);
                if (hit is null) notFound.Add(id);
                else list.Add(hit);
            }
        }
        return new JsonObject { ["accountId"] = AccountId, ["state"] = State(all), ["list"] = list, ["notFound"] = notFound };
    }

    private static JsonObject Query(JsonObject args, List<JsonObject> all)
    {
        // An address filter is an IpMask index (Equal) in the registry schema; the stand-in compares the text.
        var address = (string?)(args["filter"] as JsonObject)?["address"];
        var ids = all.Where(o => address is null || string.Equals((string?)o["address"], address, StringComparison.OrdinalIgnoreCase))
            .Select(o => (string)o["id"]!).ToList();
        return RegistryQuery16.Answer(args, ids, AccountId, State(all));
    }

    /// <summary>
    /// More ids than <c>maxObjectsInGet</c> / <c>maxObjectsInSet</c> (500 each) is a method error, not a partial answer
    /// (v0.16.18 <c>crates/jmap-proto/src/method/get.rs</c> 145, <c>set.rs</c> 204; the type and description from
    /// <c>crates/jmap-proto/src/error/method.rs</c>).
    /// </summary>
    private static JsonObject RequestTooLarge() => throw new MethodErrorException(new JsonObject
    {
        ["type"] = "requestTooLarge",
        ["description"] = "The number of ids requested by the client exceeds the maximum number the server is willing to process in a single method call.",
    });

    private sealed class MethodErrorException(JsonObject error) : Exception("JMAP method error")
    {
        public JsonObject Error { get; } = error;
    }

    private static string State(List<JsonObject> all) => IdOf(string.Join(",", all.Select(o => (string?)o["id"])));

    private static async Task<JsonObject> SetIpsAsync(Admin admin, JsonObject args, bool blocked, CancellationToken ct)
    {
        int count = ((args["create"] as JsonObject)?.Count ?? 0) + ((args["update"] as JsonObject)?.Count ?? 0) + ((args["destroy"] as JsonArray)?.Count ?? 0);
        if (count > MaxObjects) return RequestTooLarge();
        var before = blocked ? await BlockedAsync(admin, ct) : await AllowedAsync(admin, ct);
        var created = new JsonObject();
        var notCreated = new JsonObject();
        foreach (var (key, node) in (args["create"] as JsonObject) ?? [])
        {
            var addr = (string?)(node as JsonObject)?["address"];
            if (addr is null || !IpNetwork.TryParse(addr, out var net))
            {
                notCreated[key] = new JsonObject { ["type"] = "invalidProperties", ["properties"] = new JsonArray("address") };
                continue;
            }
            var reason = (string?)(node as JsonObject)?["reason"] ?? "manual";
            if (blocked) await admin.Store.PutBanAsync(new BanRecord(net!.ToString(), reason, DateTimeOffset.UtcNow), ct);
            else await admin.Store.PutSettingsAsync([new("server.allowed-ip." + net, "")], ct);
            created[key] = new JsonObject { ["id"] = IdOf(net!.ToString()) };
        }
        var destroyed = new JsonArray();
        var notDestroyed = new JsonObject();
        foreach (var id in ((args["destroy"] as JsonArray) ?? []).Select(i => (string?)i).OfType<string>())
        {
            var hit = before.FirstOrDefault(o => (string?)o["id"] == id);
            if (hit is null)
            {
                notDestroyed[id] = new JsonObject { ["type"] = "notFound" };
                continue;
            }
            var addr = (string)hit["address"]!;
            if (blocked) await admin.Store.DeleteBanAsync(addr, ct);
            else await admin.Store.DeleteSettingsAsync(["server.allowed-ip." + addr], ct);
            destroyed.Add(id);
        }
        var notUpdated = new JsonObject();
        foreach (var (id, _) in (args["update"] as JsonObject) ?? [])
            notUpdated[id] = new JsonObject { ["type"] = "invalidProperties", ["description"] = "address cannot be changed" };
        var after = blocked ? await BlockedAsync(admin, ct) : await AllowedAsync(admin, ct);
        return new JsonObject
        {
            ["accountId"] = AccountId, ["oldState"] = State(before), ["newState"] = State(after),
            ["created"] = created, ["notCreated"] = notCreated, ["destroyed"] = destroyed,
            ["notDestroyed"] = notDestroyed, ["notUpdated"] = notUpdated,
        };
    }

    private static async Task<JsonObject> SetCertificatesAsync(Admin admin, JsonObject args, CancellationToken ct)
    {
        var created = new JsonObject();
        var notCreated = new JsonObject();
        foreach (var (key, node) in (args["create"] as JsonObject) ?? [])
        {
            var cert = PemField((node as JsonObject)?["certificate"]);
            var pkey = PemField((node as JsonObject)?["privateKey"]);
            try
            {
                if (cert is null || pkey is null) throw new CryptographicException("missing certificate or privateKey");
                CertStore.Load(cert, pkey).Dispose();
            }
            catch (CryptographicException e)
            {
                notCreated[key] = new JsonObject { ["type"] = "invalidProperties", ["description"] = "Invalid certificate: " + e.Message };
                continue;
            }
            var id = IdOf(cert);
            await admin.Store.PutCertificateAsync(new CertRecord(id, cert, pkey), ct);
            created[key] = new JsonObject { ["id"] = id };
        }
        var destroyed = new JsonArray();
        foreach (var id in ((args["destroy"] as JsonArray) ?? []).Select(i => (string?)i).OfType<string>())
        {
            await admin.Store.DeleteCertificateAsync(id, ct);
            destroyed.Add(id);
        }
        return new JsonObject { ["accountId"] = AccountId, ["created"] = created, ["notCreated"] = notCreated, ["destroyed"] = destroyed };
    }

    private static string? PemField(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => (string?)o["value"] ?? (string?)o["secret"] ?? (string?)o["text"],
        _ => null,
    };

    private static async Task<JsonObject> ActionAsync(Admin admin, JsonObject args, CancellationToken ct)
    {
        var created = new JsonObject();
        var notCreated = new JsonObject();
        foreach (var (key, node) in (args["create"] as JsonObject) ?? [])
        {
            switch ((string?)(node as JsonObject)?["@type"])
            {
                case "ReloadBlockedIps":
                    await admin.ReloadBlockedAsync(ct);
                    break;
                case "ReloadSettings":
                    await admin.ReloadAllAsync(ct);
                    break;
                case "ReloadTlsCertificates":
                    await admin.ReloadCertificatesAsync(ct);
                    break;
                case "ReloadLookupStores" or "InvalidateCaches":
                    break;
                default:
                    notCreated[key] = new JsonObject { ["type"] = "invalidProperties", ["properties"] = new JsonArray("@type") };
                    continue;
            }
            created[key] = new JsonObject { ["id"] = IdOf(key + DateTime.UtcNow.Ticks) };
        }
        return new JsonObject { ["accountId"] = AccountId, ["created"] = created, ["notCreated"] = notCreated };
    }
}
