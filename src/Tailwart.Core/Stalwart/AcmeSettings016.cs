using System.Text.Json.Nodes;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// Reads 0.16 ACME configuration from its registry objects (stalwart.md §6; shapes in CONTRACT.md row 13, read from
/// v0.16.18 crates/registry/src/schema/structs.rs and structs_impl.rs): <c>x:AcmeProvider</c>
/// (directory, challengeType, contact, and the server-set accountUri, <c>""</c> until the account is registered;
/// accountKey is masked by Stalwart and never asked for), the <c>x:Domain</c> objects
/// that opt in through <c>certificateManagement</c> (which names are ordered) and their
/// <c>dnsManagement</c> (the DNS server DNS-01 publishes with), and the <c>x:DnsServer</c> ids.
/// The names follow <c>AcmeRequestBuilder::build_domains</c>: empty subjectAlternativeNames order
/// <c>*.d</c> + <c>d</c> with a DNS challenge, and the well-known service names otherwise.
/// </summary>
public static class AcmeSettings016
{
    /// <summary>What 0.16 orders for a domain without subjectAlternativeNames and a non-DNS challenge (plus the server and MX hostnames inside the domain).</summary>
    public static readonly IReadOnlyList<string> ServiceLabels = ["mta-sts", "ua-auto-config", "autoconfig", "autodiscover"];

    public static IReadOnlyList<AcmeProviderSettings> Parse(IEnumerable<JsonObject> providers, IEnumerable<JsonObject> domains, IEnumerable<JsonObject> dnsServers)
    {
        var servers = dnsServers.Select(s => (Id: ApiAnswers.Text(s["id"]), Type: ApiAnswers.Text(s["@type"])))
            .Where(s => s.Id is not null).ToDictionary(s => s.Id!, s => s.Type, StringComparer.Ordinal);
        var domainList = domains.ToList();
        var result = new List<AcmeProviderSettings>();
        foreach (JsonObject p in providers)
        {
            string id = ApiAnswers.Text(p["id"]) ?? "?";
            AcmeChallenge challenge = AcmeProviderSettings.ParseChallenge(ApiAnswers.Text(p["challengeType"]));
            bool dns = challenge is AcmeChallenge.Dns01 or AcmeChallenge.DnsPersist01;
            var names = new List<string>();
            var problems = new List<string>();
            var providerTypes = new SortedSet<string>(StringComparer.Ordinal);
            foreach (JsonObject d in domainList)
            {
                if (d["certificateManagement"] is not JsonObject cm || ApiAnswers.Text(cm["@type"]) != "Automatic" || ApiAnswers.Text(cm["acmeProviderId"]) != id)
                    continue;
                string name = (ApiAnswers.Text(d["name"]) ?? "").TrimEnd('.').ToLowerInvariant();
                names.AddRange(Requested(name, Members(cm["subjectAlternativeNames"]), dns));
                if (!dns)
                    continue;
                if (d["dnsManagement"] is not JsonObject dm || ApiAnswers.Text(dm["@type"]) != "Automatic")
                    problems.Add($"domain {name} has no automatic DNS management (x:Domain.dnsManagement), so Stalwart has no DNS provider to publish the challenge with");
                else if (ApiAnswers.Text(dm["dnsServerId"]) is not string serverId || !servers.TryGetValue(serverId, out string? type))
                    problems.Add($"domain {name} points at DNS server '{ApiAnswers.Text(dm["dnsServerId"]) ?? "(none)"}', which does not exist (x:DnsServer)");
                else if (type is not null)
                    providerTypes.Add(type);
            }
            result.Add(new AcmeProviderSettings(id, ApiAnswers.Text(p["directory"]) ?? AcmeProviderSettings.LetsEncryptDirectory, challenge,
                Members(p["contact"]), names.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), ApiAnswers.Text(p["accountUri"]) is { Length: > 0 } uri ? uri : null,
                providerTypes.Count > 0 ? string.Join(", ", providerTypes) : null, problems.Count > 0 ? string.Join("; ", problems) : null));
        }
        return result;
    }

    /// <summary>The names one domain asks for (S16 <c>AcmeRequestBuilder::build_domains</c>).</summary>
    public static IEnumerable<string> Requested(string domain, IReadOnlyList<string> subjectAlternativeNames, bool dnsChallenge)
    {
        if (subjectAlternativeNames.Count == 0)
            return dnsChallenge ? [$"*.{domain}", domain] : ServiceLabels.Select(l => $"{l}.{domain}");
        // Entries without a dot are labels inside the domain ("mail" → "mail.<domain>", "*" → "*.<domain>").
        return subjectAlternativeNames.Select(n => n.Contains('.', StringComparison.Ordinal) ? n : $"{n}.{domain}");
    }

    /// <summary>
    /// A Set (object of <c>member: true</c>, how 0.16 serialises every <c>Map&lt;T&gt;</c>, e.g. contact and
    /// subjectAlternativeNames: v0.16.18 crates/registry/src/types/map.rs <c>impl IntoValue for Map</c>), a List
    /// (object keyed "0", "1"… with string values) or a plain array, as strings. An object whose values are
    /// booleans is a Set even when its keys look like indexes.
    /// </summary>
    public static IReadOnlyList<string> Members(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(ApiAnswers.Text).OfType<string>().ToList(),
        JsonObject o when o.Count > 0 && o.All(kv => kv.Key.All(char.IsAsciiDigit) && kv.Value is JsonValue v && v.TryGetValue(out string? _)) =>
            o.Select(kv => ApiAnswers.Text(kv.Value)).OfType<string>().ToList(),
        JsonObject o => o.Where(kv => kv.Value is JsonValue v && v.TryGetValue(out bool b) && b).Select(kv => kv.Key).ToList(),
        JsonValue v when v.TryGetValue(out string? s) => [s],
        _ => [],
    };
}
