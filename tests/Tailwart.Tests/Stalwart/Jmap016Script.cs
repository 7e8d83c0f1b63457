using System.Text.Json.Nodes;
using Tailwart.Tests.Bans;

namespace Tailwart.Tests.Stalwart;

/// <summary>
/// A 0.16 registry on <see cref="FakeStalwartServer.Script"/>: the session and the shapes come from the corpus, and
/// <c>x:BlockedIp/query</c> pages the way v0.16.18 does (crates/jmap/src/api/query.rs, crates/jmap/src/registry/query.rs):
/// <c>total</c> only with <c>calculateTotal</c>, and without it position 0 and no total. <see cref="MaxObjects"/>
/// imitates getMaxResults/setMaxObjects (requestTooLarge above it).
/// </summary>
internal sealed class Jmap016Script
{
    public List<string> Ids { get; } = [];

    public int MaxObjects { get; init; } = 500;

    /// <summary>Caps every page (queryMaxResults); the answer then carries "limit".</summary>
    public int QueryMaxResults { get; init; } = 5000;

    /// <summary>Imitates a server that never answers total, whatever is asked (the shape without total).</summary>
    public bool NeverTotal { get; init; }

    public List<string> Destroyed { get; } = [];

    /// <summary>Answers every /get with the corpus file verbatim (entries with and without the optional members).</summary>
    public bool CorpusGet { get; init; }

    public static Jmap016Script WithBans(int count)
    {
        var script = new Jmap016Script();
        for (int i = 0; i < count; i++)
            script.Ids.Add($"k{i:D5}");
        return script;
    }

    public static string AddressOf(string id) => $"10.0.{int.Parse(id[1..]) / 256}.{int.Parse(id[1..]) % 256}";

    public void Attach(FakeStalwartServer server) => server.Script = Answer;

    private (int, string)? Answer(string method, string path, string body)
    {
        switch (method, path)
        {
            case ("GET", "/api/account"):
                return (200, "{\"permissions\":[],\"edition\":\"oss\",\"locale\":\"en\"}");
            case ("GET", "/jmap/session"):
                return (200, StalwartCorpus.Text("v016/session-core.json"));
            case ("POST", "/jmap"):
                var calls = JsonNode.Parse(body)!["methodCalls"]!.AsArray();
                var responses = new JsonArray();
                foreach (JsonArray call in calls.OfType<JsonArray>())
                    responses.Add(Call((string)call[0]!, call[1]!.AsObject(), (string)call[2]!));
                return (200, new JsonObject { ["methodResponses"] = responses, ["sessionState"] = "s1" }.ToJsonString());
            default:
                return null;
        }
    }

    private JsonNode Call(string name, JsonObject args, string id)
    {
        switch (name)
        {
            case "x:BlockedIp/query":
            {
                bool total = !NeverTotal && args["calculateTotal"]?.GetValue<bool>() == true;
                int position = args["position"]?.GetValue<int>() ?? 0;
                int limit = Math.Min(args["limit"]?.GetValue<int>() ?? QueryMaxResults, QueryMaxResults);
                JsonObject answer = StalwartCorpus.Json(total ? "v016/query-with-total.json" : "v016/query-without-total.json").AsObject();
                answer["ids"] = new JsonArray(Ids.Skip(position).Take(limit).Select(i => (JsonNode)i).ToArray());
                answer["position"] = total ? position : 0;
                if (total)
                    answer["total"] = Ids.Count;
                answer.Remove("limit");
                if (total && Ids.Count > limit)
                    answer["limit"] = limit;
                return new JsonArray(name, answer, id);
            }
            case "x:BlockedIp/get":
            {
                var ids = args["ids"]!.AsArray().Select(i => (string)i!).ToList();
                if (ids.Count > MaxObjects)
                    return TooLarge(id);
                JsonObject answer = StalwartCorpus.Json("v016/blockedip-get.json").AsObject();
                if (CorpusGet)
                    return new JsonArray(name, answer, id);
                answer["list"] = new JsonArray(ids.Where(Ids.Contains).Select(i => (JsonNode)new JsonObject { ["id"] = i, ["address"] = AddressOf(i), ["reason"] = "portScanning" }).ToArray());
                return new JsonArray(name, answer, id);
            }
            case "x:BlockedIp/set":
            {
                var destroy = (args["destroy"] as JsonArray ?? []).Select(i => (string)i!).ToList();
                if (destroy.Count > MaxObjects)
                    return TooLarge(id);
                Ids.RemoveAll(destroy.Contains);
                Destroyed.AddRange(destroy);
                return new JsonArray(name, new JsonObject { ["accountId"] = "b", ["destroyed"] = new JsonArray(destroy.Select(d => (JsonNode)d).ToArray()) }, id);
            }
            case "x:Action/set":
                return new JsonArray(name, new JsonObject { ["accountId"] = "b", ["created"] = new JsonObject { ["r"] = new JsonObject { ["id"] = "x1" } } }, id);
            default:
                return new JsonArray("error", new JsonObject { ["type"] = "unknownMethod" }, id);
        }
    }

    private static JsonNode TooLarge(string id)
    {
        var error = StalwartCorpus.Json("v016/method-error-request-too-large.json").AsArray();
        error[2] = id;
        return error.DeepClone();
    }
}
