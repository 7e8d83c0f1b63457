using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// The 0.16 registry objects behind ACME (stalwart.md §6; D16 ref/object/acme-provider, domain, dns-server):
/// <c>x:AcmeProvider</c>, <c>x:Domain</c> and <c>x:DnsServer</c> with get/set, stored as JSON in the
/// settings table under <c>registry.&lt;type&gt;.&lt;id&gt;</c>. <c>/get</c> honours <c>properties</c>.
/// On create, an AcmeProvider gets the server-set <c>accountKey</c> and <c>accountUri</c>, as if the
/// account had been registered with the CA (real 0.16 <c>acme_create_account</c> keeps the
/// newAccount <c>Location</c>). The lab has no CA: the URI is <c>&lt;directory origin&gt;/acme/acct/&lt;n&gt;</c>
/// with a random n, unless <c>control/acme-account-uri</c> holds the URL the "CA" should answer.
/// <c>/get</c> answers as v0.16.18 does (crates/registry/src/schema/structs_impl.rs <c>impl IntoValue</c>, Default impls;
/// crates/jmap/src/registry/get.rs): every member present with its default (directory Let's Encrypt production,
/// challengeType TlsAlpn01, contact <c>{}</c>, accountUri <c>""</c>, renewBefore R23, maxRetries 10, nulls for unset
/// options; a Domain's certificateManagement and dnsManagement <c>{"@type":"Manual"}</c>, origin null), secrets masked
/// (accountKey the string <c>"****"</c>, a DNS server's secret <c>{"secret":"****","@type":"Value"}</c>), an
/// AcmeProvider's computed <c>description</c>, then only the asked properties plus id. Map-typed members
/// (contact, subjectAlternativeNames, publishRecords, aliases) must be Set objects of <c>true</c> on <c>/set</c>,
/// as types/map.rs patches them ("Invalid key for object property" otherwise).
/// </summary>
internal static class RegistryObjects16
{
    public static readonly string[] Types = ["x:AcmeProvider", "x:Domain", "x:DnsServer"];
    private const string LetsEncrypt = "https://acme-v02.api.letsencrypt.org/directory";

    public static async Task<JsonObject?> DispatchAsync(Admin admin, string name, JsonObject args, string accountId, CancellationToken ct)
    {
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !Types.Contains(name[..slash], StringComparer.Ordinal)) return null;
        string type = name[..slash];
        return name[(slash + 1)..] switch
        {
            "get" => await GetAsync(admin, type, args, accountId, ct),
            "set" => await SetAsync(admin, type, args, accountId, ct),
            _ => null,
        };
    }

    private static string Prefix(string type) => $"registry.{type}.";

    private static async Task<List<JsonObject>> AllAsync(Admin admin, string type, CancellationToken ct)
    {
        try
        {
            return (await admin.Store.ReadSettingsAsync(Prefix(type), ct)).Values
                .Select(v => Json.Parse(System.Text.Encoding.UTF8.GetBytes(v)) as JsonObject).OfType<JsonObject>().ToList();
        }
        catch (StoreUnavailableException)
        {
            return [];
        }
    }

    private static async Task<JsonObject> GetAsync(Admin admin, string type, JsonObject args, string accountId, CancellationToken ct)
    {
        var all = await AllAsync(admin, type, ct);
        var ids = (args["ids"] as JsonArray)?.Select(i => (string?)i).OfType<string>().ToList();
        var properties = (args["properties"] as JsonArray)?.Select(i => (string?)i).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var list = new JsonArray();
        var notFound = new JsonArray();
        foreach (var o in ids is null ? all : ids.Select(id => all.FirstOrDefault(o => (string?)o["id"] == id) ?? new JsonObject { ["__missing"] = id }))
        {
            if (o["__missing"] is { } missing)
            {
                notFound.Add((string?)missing);
                continue;
            }
            var shown = new JsonObject();
            foreach (var (k, v) in StalwartView(type, o, properties))
            {
                if (properties is null || k == "id" || properties.Contains(k)) shown[k] = v?.DeepClone();
            }
            list.Add(shown);
        }
        return new JsonObject { ["accountId"] = accountId, ["state"] = all.Count.ToString(CultureInfo.InvariantCulture), ["list"] = list, ["notFound"] = notFound };
    }

    private static async Task<JsonObject> SetAsync(Admin admin, string type, JsonObject args, string accountId, CancellationToken ct)
    {
        var created = new JsonObject();
        var notCreated = new JsonObject();
        foreach (var (key, node) in (args["create"] as JsonObject) ?? [])
        {
            if (node is not JsonObject o)
            {
                notCreated[key] = new JsonObject { ["type"] = "invalidProperties" };
                continue;
            }
            var obj = (JsonObject)o.DeepClone();
            if (NotASet(obj) is string bad)
            {
                // The description is Stalwart's PatchError text (types/map.rs); the SetError type is the stand-in's choice.
                notCreated[key] = new JsonObject { ["type"] = "invalidPatch", ["properties"] = new JsonArray(bad), ["description"] = "Invalid key for object property" };
                continue;
            }
            var id = "o" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
            obj["id"] = id;
            if (type == "x:AcmeProvider")
            {
                if (obj["accountUri"] is not null || obj["accountKey"] is not null)
                {
                    notCreated[key] = new JsonObject { ["type"] = "invalidProperties", ["properties"] = new JsonArray("accountUri", "accountKey"), ["description"] = "server-set properties" };
                    continue;
                }
                obj["directory"] ??= LetsEncrypt;
                obj["challengeType"] ??= "TlsAlpn01";
                obj["accountKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                obj["accountUri"] = admin.Lab.AcmeAccountUri ?? AccountUri((string)obj["directory"]!);
            }
            await admin.Store.PutSettingsAsync([new(Prefix(type) + id, obj.ToJsonString())], ct);
            created[key] = new JsonObject { ["id"] = id };
        }
        var destroyed = new JsonArray();
        foreach (var id in ((args["destroy"] as JsonArray) ?? []).Select(i => (string?)i).OfType<string>())
        {
            await admin.Store.DeleteSettingsAsync([Prefix(type) + id], ct);
            destroyed.Add(id);
        }
        return new JsonObject { ["accountId"] = accountId, ["created"] = created, ["notCreated"] = notCreated, ["destroyed"] = destroyed };
    }

    private static readonly string[] MapMembers = ["contact", "subjectAlternativeNames", "publishRecords", "aliases"];

    /// <summary>The first Map-typed member (also inside certificateManagement / dnsManagement) that is not a Set of booleans.</summary>
    private static string? NotASet(JsonObject o)
    {
        foreach (var scope in new[] { o, o["certificateManagement"] as JsonObject, o["dnsManagement"] as JsonObject }.OfType<JsonObject>())
        {
            foreach (var m in MapMembers)
            {
                if (scope[m] is { } v && (v is not JsonObject set || set.Any(kv => kv.Value is not JsonValue b || !b.TryGetValue(out bool _))))
                    return m;
            }
        }
        return null;
    }

    /// <summary>The stored object as Stalwart's IntoValue writes it: defaults filled, secrets masked, computed members added.</summary>
    private static List<KeyValuePair<string, JsonNode?>> StalwartView(string type, JsonObject stored, HashSet<string>? properties)
    {
        var o = (JsonObject)stored.DeepClone();
        void Default(JsonObject target, string k, JsonNode? v)
        {
            if (!target.ContainsKey(k)) target[k] = v;
        }
        switch (type)
        {
            case "x:AcmeProvider":
                Default(o, "challengeType", "TlsAlpn01");
                Default(o, "contact", new JsonObject());
                Default(o, "directory", LetsEncrypt);
                o["accountKey"] = "****"; // MASKED_PASSWORD (schema/prelude.rs), always
                Default(o, "accountUri", "");
                Default(o, "renewBefore", "R23");
                Default(o, "maxRetries", 10);
                Default(o, "memberTenantId", null);
                Default(o, "preferredChain", null);
                Default(o, "reuseKey", false);
                o.Remove("eabHmacKey"); // not a member of the stored object (patched away on create)
                o.Remove("eabKeyId");
                if (properties is null || properties.Contains("description"))
                {
                    // get.rs: directory + " (" + last non-empty segment of accountUri + ")"
                    string uri = (string?)o["accountUri"] ?? "";
                    string account = uri.Split('/').LastOrDefault(seg => seg.Length > 0) ?? "";
                    o["description"] = (string?)o["directory"] + (account.Length > 0 ? $" ({account})" : "");
                }
                break;
            case "x:Domain":
                Default(o, "aliases", new JsonObject());
                Default(o, "isEnabled", true);
                Default(o, "description", null);
                Default(o, "logo", null);
                Default(o, "certificateManagement", new JsonObject { ["@type"] = "Manual" });
                Default(o, "dnsManagement", new JsonObject { ["@type"] = "Manual" });
                if (o["certificateManagement"] is JsonObject cm && (string?)cm["@type"] == "Automatic")
                    Default(cm, "subjectAlternativeNames", new JsonObject());
                if (o["dnsManagement"] is JsonObject dm && (string?)dm["@type"] == "Automatic")
                {
                    Default(dm, "origin", null);
                    Default(dm, "publishRecords", new JsonObject());
                }
                Default(o, "memberTenantId", null);
                Default(o, "directoryId", null);
                Default(o, "catchAllAddress", null);
                Default(o, "allowRelaying", false);
                Default(o, "reportAddressUri", null);
                break;
            case "x:DnsServer":
                if (o.ContainsKey("secret")) o["secret"] = new JsonObject { ["secret"] = "****", ["@type"] = "Value" };
                Default(o, "description", "");
                Default(o, "memberTenantId", null);
                break;
        }
        return o.ToList();
    }

    private static string AccountUri(string directory)
    {
        var origin = Uri.TryCreate(directory, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : "https://acme.lab.invalid";
        return $"{origin}/acme/acct/{RandomNumberGenerator.GetInt32(100_000_000, 999_999_999)}";
    }
}
