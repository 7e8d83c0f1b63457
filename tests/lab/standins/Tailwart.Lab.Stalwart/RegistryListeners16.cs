using System.Globalization;
using System.Text.Json.Nodes;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// 0.16 <c>x:NetworkListener/get</c> over the listeners 0.16 mode binds (read-only: the stand-in cannot
/// add a listener at run time). Shape as v0.16.18 crates/registry/src/schema/structs.rs <c>NetworkListener</c>:
/// <c>name</c>, <c>bind</c> a Map serialised as an object of <c>"[::]:25": true</c> (types/map.rs),
/// <c>protocol</c> smtp|lmtp|http|imap|pop3|manageSieve (enums_impl.rs), <c>useTls</c> true and
/// <c>tlsImplicit</c> as defaults.rs 459–490 creates them, <c>overrideProxyTrustedNetworks</c> an empty Map.
/// Ids are opaque strings (Stalwart's are registry ids). <c>properties</c> is honoured; <c>id</c> always comes back.
/// </summary>
internal static class RegistryListeners16
{
    public static JsonObject Get(StandinConfig config, JsonObject args, string accountId)
    {
        var all = StandinConfig.Listeners016.Select((l, i) => new JsonObject
        {
            ["id"] = "l" + i.ToString(CultureInfo.InvariantCulture),
            ["name"] = l.Id,
            ["bind"] = new JsonObject { [$"[::]:{config.Ports[l.Id]}"] = true },
            ["protocol"] = l.Protocol switch
            {
                ListenerProtocol.ManageSieve => "manageSieve",
                var p => p.ToString().ToLowerInvariant(),
            },
            // A Map (Set object of networks); empty unless the lab overrides this listener (StandinConfig.ProxyOverrides).
            ["overrideProxyTrustedNetworks"] = new JsonObject(config.ProxyOverrides.TryGetValue(l.Id, out var o)
                ? o.Select(n => KeyValuePair.Create(n.ToString(), (JsonNode?)true)) : []),
            ["socketNoDelay"] = true,
            ["useTls"] = true,
            ["tlsImplicit"] = l.ImplicitTls,
        }).ToList();
        var ids = (args["ids"] as JsonArray)?.Select(i => (string?)i).OfType<string>().ToList();
        var properties = (args["properties"] as JsonArray)?.Select(i => (string?)i).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var list = new JsonArray();
        var notFound = new JsonArray();
        foreach (var o in ids is null ? all : ids.Select(id => all.FirstOrDefault(o => (string?)o["id"] == id)).OfType<JsonObject>())
        {
            var shown = new JsonObject();
            foreach (var (k, v) in o)
                if (properties is null || properties.Count == 0 || k == "id" || properties.Contains(k)) shown[k] = v?.DeepClone();
            list.Add(shown);
        }
        foreach (var id in ids?.Where(id => all.All(o => (string?)o["id"] != id)) ?? []) notFound.Add(id);
        return new JsonObject { ["accountId"] = accountId, ["state"] = "0", ["list"] = list, ["notFound"] = notFound };
    }
}
