using System.Globalization;
using System.Text.Json.Nodes;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// One listener as Stalwart is configured with it: its id (name), each port it binds, its protocol
/// (smtp, lmtp, http, imap, pop3, managesieve) and whether TLS is implicit. Read through the API so
/// probes, sweeps and the doctor judge the listeners Stalwart has, not the ones tailwart assumes.
/// </summary>
public sealed record StalwartListener(string Id, IReadOnlyList<int> Ports, string Protocol, bool TlsImplicit)
{
    /// <summary>
    /// 0.15 keys under <c>server.listener.</c> (prefix stripped): <c>&lt;id&gt;.bind</c> (one value or
    /// <c>bind.0000</c>…), <c>&lt;id&gt;.protocol</c>, <c>&lt;id&gt;.tls.implicit</c> (v0.15.5
    /// crates/common/src/config/server/listener.rs; the list call merges config.toml's local keys,
    /// crates/common/src/manager/config.rs <c>list</c>).
    /// </summary>
    public static IReadOnlyList<StalwartListener> Parse015(IEnumerable<KeyValuePair<string, string>> items)
    {
        var byId = new SortedDictionary<string, List<(string Field, string Value)>>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in items)
        {
            string key = rawKey.Trim().Trim('"');
            int dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0)
                continue;
            string id = key[..dot].Trim('"');
            if (!byId.TryGetValue(id, out var fields))
                byId[id] = fields = [];
            fields.Add((key[(dot + 1)..], value.Trim()));
        }
        var listeners = new List<StalwartListener>();
        foreach (var (id, fields) in byId)
        {
            var ports = fields.Where(f => f.Field == "bind" || f.Field.StartsWith("bind.", StringComparison.Ordinal))
                .Select(f => PortOf(f.Value)).OfType<int>().Distinct().ToList();
            string? protocol = fields.FirstOrDefault(f => f.Field == "protocol").Value;
            if (ports.Count == 0 || protocol is null)
                continue;
            bool tls = fields.FirstOrDefault(f => f.Field == "tls.implicit").Value is "true";
            listeners.Add(new StalwartListener(id, ports, protocol.ToLowerInvariant(), tls));
        }
        return listeners;
    }

    /// <summary>
    /// 0.16 <c>x:NetworkListener/get</c> (v0.16.18 crates/registry/src/schema/structs.rs <c>NetworkListener</c>):
    /// <c>name</c>, <c>bind</c> as a Map (an object of <c>"[::]:25": true</c>, types/map.rs), <c>protocol</c>
    /// (smtp, lmtp, http, imap, pop3, manageSieve) and <c>tlsImplicit</c>.
    /// </summary>
    public static IReadOnlyList<StalwartListener> Parse016(IEnumerable<JsonObject> list) =>
        list.Select(l => new StalwartListener(ApiAnswers.Text(l["name"]) ?? ApiAnswers.Text(l["id"]) ?? "?",
                AcmeSettings016.Members(l["bind"]).Select(PortOf).OfType<int>().Distinct().ToList(),
                (ApiAnswers.Text(l["protocol"]) ?? "").ToLowerInvariant(),
                l["tlsImplicit"] is JsonValue v && v.TryGetValue(out bool b) && b))
            .Where(l => l.Ports.Count > 0).ToList();

    /// <summary>"[::]:25", "0.0.0.0:465", "127.0.0.1:8080" → the port.</summary>
    internal static int? PortOf(string bind)
    {
        int colon = bind.LastIndexOf(':');
        return colon >= 0 && int.TryParse(bind[(colon + 1)..].Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536 ? port : null;
    }
}
