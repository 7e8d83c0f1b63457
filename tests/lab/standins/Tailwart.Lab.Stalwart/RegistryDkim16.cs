using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// 0.16 <c>x:DkimSignature</c> get/set, stored like the other registry objects (settings table,
/// <c>registry.x:DkimSignature.&lt;id&gt;</c>). As v0.16.18 answers /get: <c>privateKey</c> is masked
/// (<c>{"@type":"Text","secret":"****"}</c>, structs_impl.rs SecretTextValue), <c>stage</c> defaults to
/// Active, and a computed <c>publicKey</c> is added when the properties ask for it or are absent, and
/// left out when the key does not parse (crates/jmap/src/registry/get.rs, common/src/network/dkim.rs
/// generate_dkim_public_key: base64 RSA SubjectPublicKeyInfo). Differs: an Ed25519 key gets no
/// publicKey here (.NET has no Ed25519), where Stalwart computes one; see CONTRACT.md row 14.
/// On create the private key must parse (as validate_dkim_signature checks), else invalidProperties.
/// </summary>
internal static class RegistryDkim16
{
    private const string Type = "x:DkimSignature";
    private const string Prefix = "registry." + Type + ".";

    public static async Task<JsonObject?> DispatchAsync(Admin admin, string name, JsonObject args, string accountId, CancellationToken ct) => name switch
    {
        Type + "/get" => await GetAsync(admin, args, accountId, ct),
        Type + "/set" => await SetAsync(admin, args, accountId, ct),
        _ => null,
    };

    private static async Task<List<JsonObject>> AllAsync(Admin admin, CancellationToken ct)
    {
        try
        {
            return (await admin.Store.ReadSettingsAsync(Prefix, ct)).Values
                .Select(v => Json.Parse(System.Text.Encoding.UTF8.GetBytes(v)) as JsonObject).OfType<JsonObject>().ToList();
        }
        catch (StoreUnavailableException)
        {
            return [];
        }
    }

    private static async Task<JsonObject> GetAsync(Admin admin, JsonObject args, string accountId, CancellationToken ct)
    {
        var all = await AllAsync(admin, ct);
        var ids = (args["ids"] as JsonArray)?.Select(i => (string?)i).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var properties = (args["properties"] as JsonArray)?.Select(i => (string?)i).OfType<string>().ToHashSet(StringComparer.Ordinal);
        bool Wanted(string p) => properties is null || properties.Count == 0 || p == "id" || properties.Contains(p);
        var list = new JsonArray();
        foreach (var stored in all.Where(o => ids is null || ids.Contains((string?)o["id"] ?? "")))
        {
            var shown = new JsonObject();
            foreach (var (k, v) in stored)
            {
                if (!Wanted(k)) continue;
                shown[k] = k == "privateKey" ? new JsonObject { ["@type"] = "Text", ["secret"] = "****" } : v?.DeepClone();
            }
            if (Wanted("stage")) shown["stage"] ??= "Active";
            if (Wanted("publicKey") && PublicKey(stored) is { } pk) shown["publicKey"] = pk;
            list.Add(shown);
        }
        var notFound = new JsonArray(ids is null ? [] : ids.Where(id => !all.Any(o => (string?)o["id"] == id)).Select(id => (JsonNode?)id).ToArray());
        return new JsonObject { ["accountId"] = accountId, ["state"] = all.Count.ToString(CultureInfo.InvariantCulture), ["list"] = list, ["notFound"] = notFound };
    }

    private static async Task<JsonObject> SetAsync(Admin admin, JsonObject args, string accountId, CancellationToken ct)
    {
        var created = new JsonObject();
        var notCreated = new JsonObject();
        foreach (var (key, node) in (args["create"] as JsonObject) ?? [])
        {
            if (node is not JsonObject o || Pem(o) is null || ((string?)o["@type"])?.Contains("Rsa", StringComparison.Ordinal) == true && PublicKey(o) is null)
            {
                notCreated[key] = new JsonObject { ["type"] = "invalidProperties", ["description"] = "Failed to validate DKIM signature: the private key does not parse" };
                continue;
            }
            var obj = (JsonObject)o.DeepClone();
            var id = "k" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
            obj["id"] = id;
            await admin.Store.PutSettingsAsync([new(Prefix + id, obj.ToJsonString())], ct);
            created[key] = new JsonObject { ["id"] = id };
        }
        var destroyed = new JsonArray();
        foreach (var id in ((args["destroy"] as JsonArray) ?? []).Select(i => (string?)i).OfType<string>())
        {
            await admin.Store.DeleteSettingsAsync([Prefix + id], ct);
            destroyed.Add(id);
        }
        return new JsonObject { ["accountId"] = accountId, ["created"] = created, ["notCreated"] = notCreated, ["destroyed"] = destroyed };
    }

    /// <summary>privateKey as a plain string or {"@type":"Text","secret":PEM}.</summary>
    private static string? Pem(JsonObject o) => o["privateKey"] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonObject t => (string?)t["secret"],
        _ => null,
    };

    private static string? PublicKey(JsonObject o)
    {
        if (!((string?)o["@type"] ?? "").Contains("Rsa", StringComparison.Ordinal) || Pem(o) is not { } pem) return null;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return null;
        }
    }
}
