using System.Text.Json.Nodes;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// The 0.16 JMAP dialect (stalwart.md §1–2): <c>x:BlockedIp</c> / <c>x:AllowedIp</c> objects over
/// <c>POST /jmap</c>. A registry <c>/set</c> does not refresh the in-memory sets, so every change
/// is followed, in the same request, by the <c>x:Action</c> that applies it
/// (<c>ReloadBlockedIps</c> for bans, <c>ReloadSettings</c> for the allow-list).
/// </summary>
internal sealed class JmapApi016(StalwartCredential credential, StalwartClientOptions options) : IStalwartApi
{
    // The params constructor, not a collection expression: that compiles to JsonArray.Add<T>, which is not trim/AOT-safe (IL2026/IL3050).
    private static readonly JsonArray Using = new(JsonValue.Create("urn:ietf:params:jmap:core"), JsonValue.Create("urn:stalwart:jmap"));
    private string? _accountId;
    private bool _sessionRead;
    private int _maxObjectsInGet = 500;
    private int _maxObjectsInSet = 500;

    public ApiGeneration Generation => ApiGeneration.Jmap016;

    public async Task<string?> VersionAsync(StalwartHttp http, CancellationToken ct)
    {
        // 0.16 exposes no version over HTTP (stalwart.md §9); /api/account proves the credential.
        StalwartResponse r = await http.SendAsync(HttpMethod.Get, "/api/account", null, credential.Header(), ct).ConfigureAwait(false);
        ApiAnswers.ExpectJsonObject(r, "GET /api/account", credential);
        return null;
    }

    public async Task<IpList> ListAsync(StalwartHttp http, IpListKind kind, CancellationToken ct)
    {
        string type = TypeOf(kind);
        await SessionAsync(http, ct).ConfigureAwait(false);
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long? total = null;
        bool capped = false;
        // Paged: ask for the total, or the answer leaves it out and a page's length says nothing about the list
        // (v0.16.18 crates/jmap/src/api/query.rs: total only with calculateTotal; without it the store paginates and
        // the answer carries neither total nor the requested position). Then /get the ids in chunks of maxObjectsInGet.
        while (true)
        {
            var args = new JsonObject { ["position"] = ids.Count, ["limit"] = options.PageSize, ["calculateTotal"] = true };
            JsonObject query = await CallAsync(http, [Call($"{type}/query", args, "q")], $"{type}/query", ct).ConfigureAwait(false);
            if (query["ids"] is not JsonArray page)
                throw new StalwartApiException(StalwartFailure.Malformed, http.Path.Name, $"{type}/query: no ids in the answer.");
            total = ApiAnswers.Number(query["total"]) ?? total;
            int before = ids.Count;
            foreach (string id in page.Select(ApiAnswers.Text).OfType<string>())
            {
                if (ids.Count >= options.MaxEntries)
                {
                    capped = true;
                    break;
                }
                if (seen.Add(id))
                    ids.Add(id);
            }
            if (capped || ids.Count >= options.MaxEntries)
            {
                capped = total is not long t || ids.Count < t;
                break;
            }
            // Without a total a short page proves nothing (the store caps a page at queryMaxResults and says so nowhere):
            // only an empty page ends the list.
            if (total is long known && ids.Count >= known)
                break;
            // A server that ignores position answers the same page again: stop instead of looping (and say the list is short).
            if (ids.Count == before || page.Count == 0)
            {
                capped = total is long t2 && ids.Count < t2;
                break;
            }
        }
        var entries = new List<IpListEntry>(ids.Count);
        int chunk = Math.Max(1, Math.Min(options.PageSize, _maxObjectsInGet));
        for (int i = 0; i < ids.Count; i += chunk)
        {
            var slice = new JsonArray(ids.Skip(i).Take(chunk).Select(id => (JsonNode)id).ToArray());
            JsonObject got = await CallAsync(http, [Call($"{type}/get", new JsonObject { ["ids"] = slice }, "g")], $"{type}/get", ct).ConfigureAwait(false);
            foreach (JsonObject o in (got["list"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (ApiAnswers.Text(o["address"]) is string address)
                    entries.Add(new IpListEntry(address, ApiAnswers.Text(o["id"]) ?? "", ApiAnswers.Text(o["reason"]), ApiAnswers.Date(o["createdAt"]), ApiAnswers.Date(o["expiresAt"])));
            }
        }
        return new IpList(entries, Generation, http.Path.Name, capped, total);
    }

    public async Task RemoveBlockedAsync(StalwartHttp http, IReadOnlyList<IpListEntry> entries, CancellationToken ct)
    {
        await SessionAsync(http, ct).ConfigureAwait(false);
        // More than maxObjectsInSet ids in one /set is a requestTooLarge method error (v0.16.18 crates/jmap-proto/src/method/set.rs 204):
        // destroy in chunks, then one ReloadBlockedIps for them all.
        int chunk = Math.Max(1, _maxObjectsInSet);
        for (int i = 0; i < entries.Count; i += chunk)
        {
            var destroy = new JsonArray(entries.Skip(i).Take(chunk).Select(e => (JsonNode)e.Id).ToArray());
            bool last = i + chunk >= entries.Count;
            JsonArray[] calls = last
                ? [Call("x:BlockedIp/set", new JsonObject { ["destroy"] = destroy }, "d"), Reload("ReloadBlockedIps")]
                : [Call("x:BlockedIp/set", new JsonObject { ["destroy"] = destroy }, "d")];
            JsonArray responses = await CallAllAsync(http, calls, last ? "x:BlockedIp/set destroy + ReloadBlockedIps" : "x:BlockedIp/set destroy", ct).ConfigureAwait(false);
            ThrowOnSetErrors(http, responses, "notDestroyed", "x:BlockedIp/set destroy");
            ThrowOnSetErrors(http, responses, "notCreated", "x:Action ReloadBlockedIps");
        }
    }

    public async Task<IReadOnlyList<string>> AddAllowedAsync(StalwartHttp http, IReadOnlyList<string> addresses, CancellationToken ct)
    {
        await SessionAsync(http, ct).ConfigureAwait(false);
        var create = new JsonObject();
        for (int i = 0; i < addresses.Count; i++)
            create[$"a{i}"] = new JsonObject { ["address"] = addresses[i] };
        JsonArray responses = await CallAllAsync(http,
            [Call("x:AllowedIp/set", new JsonObject { ["create"] = create }, "c"), Reload("ReloadSettings")], "x:AllowedIp/set create + ReloadSettings", ct).ConfigureAwait(false);
        ThrowOnSetErrors(http, responses, "notCreated", "x:AllowedIp/set create / ReloadSettings");
        // 0.16's ReloadSettings answers errors only (notCreated, map_bootstrap_error): no warnings to pass on.
        return [];
    }

    public async Task ReloadCertificatesAsync(StalwartHttp http, CancellationToken ct)
    {
        await SessionAsync(http, ct).ConfigureAwait(false);
        JsonArray responses = await CallAllAsync(http, [Reload("ReloadTlsCertificates")], "x:Action ReloadTlsCertificates", ct).ConfigureAwait(false);
        ThrowOnSetErrors(http, responses, "notCreated", "x:Action ReloadTlsCertificates");
    }

    public async Task<AcmeSettings> AcmeSettingsAsync(StalwartHttp http, CancellationToken ct)
    {
        await SessionAsync(http, ct).ConfigureAwait(false);
        // Only the properties needed: never accountKey, eabHmacKey or a DNS server's secret.
        JsonArray responses = await CallAllAsync(http,
        [
            Call("x:AcmeProvider/get", Properties("id", "directory", "challengeType", "contact", "accountUri"), "p"),
            Call("x:Domain/get", Properties("id", "name", "certificateManagement", "dnsManagement"), "d"),
            Call("x:DnsServer/get", Properties("id", "@type", "description"), "s"),
        ], "x:AcmeProvider/get + x:Domain/get + x:DnsServer/get", ct).ConfigureAwait(false);
        IEnumerable<JsonObject> List(int i) => (responses[i]?[1]?["list"] as JsonArray ?? []).OfType<JsonObject>();
        var providers = AcmeSettings016.Parse(List(0), List(1), List(2));
        string? unknown = providers.Count > 0 && providers.All(p => p.AccountUri is null)
            ? "x:AcmeProvider.accountUri is empty: Stalwart has not registered an account with the CA yet"
            : null;
        return new AcmeSettings(Generation, http.Path.Name, providers, unknown);
    }

    public async Task<IReadOnlyList<DkimKey>> DkimKeysAsync(StalwartHttp http, CancellationToken ct)
    {
        await SessionAsync(http, ct).ConfigureAwait(false);
        // publicKey is computed by /get (v0.16.18 crates/jmap/src/registry/get.rs); privateKey is not asked for.
        JsonArray responses = await CallAllAsync(http,
        [
            Call("x:DkimSignature/get", Properties(DkimKeys016.Properties), "k"),
            Call("x:Domain/get", Properties("id", "name"), "d"),
        ], "x:DkimSignature/get + x:Domain/get", ct).ConfigureAwait(false);
        IEnumerable<JsonObject> List(int i) => (responses[i]?[1]?["list"] as JsonArray ?? []).OfType<JsonObject>();
        return DkimKeys016.Parse(List(0), List(1));
    }

    public async Task<IReadOnlyList<StalwartListener>> ListenersAsync(StalwartHttp http, CancellationToken ct)
    {
        await SessionAsync(http, ct).ConfigureAwait(false);
        JsonObject get = await CallAsync(http, [Call("x:NetworkListener/get", Properties("id", "name", "bind", "protocol", "tlsImplicit"), "l")], "x:NetworkListener/get", ct).ConfigureAwait(false);
        return StalwartListener.Parse016((get["list"] as JsonArray ?? []).OfType<JsonObject>());
    }

    public async Task<IReadOnlyList<AcmeRenewalTask>?> AcmeRenewalTasksAsync(StalwartHttp http, CancellationToken ct)
    {
        await SessionAsync(http, ct).ConfigureAwait(false);
        // Filter by type in the query (task_query: "@type" and "status" filters, sort by due only; v0.16.18
        // crates/jmap/src/registry/mapping/task.rs), then /get those ids: a /get without ids returns any task type.
        var query = new JsonObject { ["filter"] = new JsonObject { ["@type"] = "AcmeRenewal" }, ["limit"] = _maxObjectsInGet, ["calculateTotal"] = true };
        JsonObject found = await CallAsync(http, [Call("x:Task/query", query, "q")], "x:Task/query", ct).ConfigureAwait(false);
        var ids = (found["ids"] as JsonArray ?? []).Select(ApiAnswers.Text).OfType<string>().ToArray();
        if (ids.Length == 0)
            return [];
        var get = new JsonObject { ["ids"] = new JsonArray(ids.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()) };
        JsonObject tasks = await CallAsync(http, [Call("x:Task/get", get, "t")], "x:Task/get", ct).ConfigureAwait(false);
        return AcmeRenewalTask.Parse016((tasks["list"] as JsonArray ?? []).OfType<JsonObject>());
    }

    private static JsonObject Properties(params string[] names) =>
        new() { ["ids"] = null, ["properties"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()) };

    private static string TypeOf(IpListKind kind) => kind == IpListKind.Blocked ? "x:BlockedIp" : "x:AllowedIp";

    private JsonArray Call(string method, JsonObject args, string id)
    {
        if (_accountId is not null)
            args["accountId"] = _accountId;
        return new JsonArray(JsonValue.Create(method), args, JsonValue.Create(id));
    }

    private JsonArray Reload(string action) => Call("x:Action/set", new JsonObject { ["create"] = new JsonObject { ["r"] = new JsonObject { ["@type"] = action } } }, "r");

    /// <summary>Reads the session once: the account the <c>x:</c> objects live in, and the /get chunk limit.</summary>
    private async Task SessionAsync(StalwartHttp http, CancellationToken ct)
    {
        if (_sessionRead)
            return;
        StalwartResponse r = await http.SendAsync(HttpMethod.Get, "/jmap/session", null, credential.Header(), ct).ConfigureAwait(false);
        JsonObject session = ApiAnswers.ExpectJsonObject(r, "GET /jmap/session", credential);
        _accountId = ApiAnswers.Text(session["primaryAccounts"]?["urn:stalwart:jmap"]);
        if (ApiAnswers.Number(session["capabilities"]?["urn:ietf:params:jmap:core"]?["maxObjectsInGet"]) is long max and > 0)
            _maxObjectsInGet = (int)Math.Min(max, 10_000);
        if (ApiAnswers.Number(session["capabilities"]?["urn:ietf:params:jmap:core"]?["maxObjectsInSet"]) is long maxSet and > 0)
            _maxObjectsInSet = (int)Math.Min(maxSet, 10_000);
        _sessionRead = true;
    }

    private async Task<JsonObject> CallAsync(StalwartHttp http, JsonArray[] calls, string what, CancellationToken ct)
    {
        JsonArray responses = await CallAllAsync(http, calls, what, ct).ConfigureAwait(false);
        return responses[0] is JsonArray { Count: 3 } first && first[1] is JsonObject args
            ? args
            : throw new StalwartApiException(StalwartFailure.Malformed, http.Path.Name, $"{what}: malformed method response.");
    }

    private async Task<JsonArray> CallAllAsync(StalwartHttp http, JsonArray[] calls, string what, CancellationToken ct)
    {
        var request = new JsonObject { ["using"] = Using.DeepClone(), ["methodCalls"] = new JsonArray(calls.Select(c => (JsonNode)c).ToArray()) };
        StalwartResponse r = await http.SendAsync(HttpMethod.Post, "/jmap", request.ToJsonString(), credential.Header(), ct).ConfigureAwait(false);
        JsonObject root = ApiAnswers.ExpectJsonObject(r, $"POST /jmap {what}", credential);
        if (root["methodResponses"] is not JsonArray responses || responses.Count < calls.Length)
            throw ApiAnswers.Shape(r, $"POST /jmap {what}", "{\"methodResponses\":[…]}");
        foreach (JsonNode? response in responses)
        {
            if (response is JsonArray { Count: 3 } triple && ApiAnswers.Text(triple[0]) == "error")
                throw new StalwartApiException(StalwartFailure.ApiError, r.Path, $"POST /jmap {what}: method error '{ApiAnswers.Text(triple[1]?["type"]) ?? "?"}': \"{ApiAnswers.Snippet(triple[1]?.ToJsonString() ?? "")}\".");
        }
        return responses;
    }

    private static void ThrowOnSetErrors(StalwartHttp http, JsonArray responses, string field, string what)
    {
        foreach (JsonArray triple in responses.OfType<JsonArray>())
        {
            if (triple[1]?[field] is JsonObject { Count: > 0 } failed)
                throw new StalwartApiException(StalwartFailure.ApiError, http.Path.Name, $"{what}: Stalwart refused {string.Join(", ", failed.Select(f => $"{f.Key} ({ApiAnswers.Text(f.Value?["type"]) ?? "?"}: {ApiAnswers.Text(f.Value?["description"]) ?? ""})"))}.");
        }
    }
}
