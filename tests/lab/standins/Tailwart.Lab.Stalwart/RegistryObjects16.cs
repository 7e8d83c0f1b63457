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
/// Defaults as documented: directory Let's Encrypt production, challengeType TlsAlpn01.
/// Secrets (<c>accountKey</c>, <c>eabHmacKey</c>, a DNS server's <c>secret</c>) are returned only
/// when asked for, or when <c>properties</c> is absent (unconfirmed: real 0.16 may mask them).
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
            foreach (var (k, v) in o)
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

    private static string AccountUri(string directory)
    {
        var origin = Uri.TryCreate(directory, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : "https://acme.lab.invalid";
        return $"{origin}/acme/acct/{RandomNumberGenerator.GetInt32(100_000_000, 999_999_999)}";
    }
}
