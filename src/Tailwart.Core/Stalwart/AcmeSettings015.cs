namespace Tailwart.Core.Stalwart;

/// <summary>
/// Reads 0.11–0.15 ACME settings (stalwart.md §6, keys <c>acme.&lt;id&gt;.*</c>) from the answer of
/// <c>GET /api/settings/list?prefix=acme</c>. That answer also carries the provider's secret, the
/// account's private key and the issued certificate with its key: they are recognised by key and
/// dropped here, so none of them reaches a record, a log or an exception.
/// Lists are stored flat (<c>domains</c> or <c>domains.0000</c>, <c>domains.0001</c>…).
/// </summary>
public static class AcmeSettings015
{
    /// <summary>The DNS-01 providers 0.15.5 can publish with (<c>build_dns_updater</c>); Spaceship is not one of them.</summary>
    public static readonly IReadOnlyList<string> DnsProviders = ["rfc2136-tsig", "cloudflare", "digitalocean", "desec", "ovh"];

    public const string AccountUriNote =
        "Stalwart 0.11–0.15 stores only the ACME account's private key (acme.<id>.account-key), never its account URI, and the API exposes nothing more";

    private static readonly string[] SecretFields = ["secret", "cert", "account-key", "eab.hmac-key", "key", "consumer-key"];

    /// <param name="items">Keys without the <c>acme.</c> prefix (as the list call returns them) → values.</param>
    public static IReadOnlyList<AcmeProviderSettings> Parse(IEnumerable<KeyValuePair<string, string>> items)
    {
        var byProvider = new SortedDictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        var secretsSet = new HashSet<(string, string)>();
        foreach (var (rawKey, value) in items)
        {
            string key = rawKey.Trim().Trim('"');
            int dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0)
                continue;
            string id = key[..dot];
            string field = ListBase(key[(dot + 1)..]);
            if (SecretFields.Contains(field, StringComparer.Ordinal))
            {
                // Only whether it is set is kept, never the value.
                if (!string.IsNullOrWhiteSpace(value))
                    secretsSet.Add((id, field));
                continue;
            }
            if (!byProvider.TryGetValue(id, out var fields))
                byProvider[id] = fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (!fields.TryGetValue(field, out var values))
                fields[field] = values = [];
            if (!string.IsNullOrWhiteSpace(value))
                values.Add(value.Trim());
        }
        return byProvider.Select(p => Provider(p.Key, p.Value, secretsSet)).ToList();
    }

    private static AcmeProviderSettings Provider(string id, Dictionary<string, List<string>> fields, HashSet<(string, string)> secrets)
    {
        string? One(string field) => fields.TryGetValue(field, out var v) && v.Count > 0 ? v[0] : null;
        IReadOnlyList<string> Many(string field) => fields.TryGetValue(field, out var v) ? v : [];
        AcmeChallenge challenge = AcmeProviderSettings.ParseChallenge(One("challenge"));
        string? provider = One("provider")?.ToLowerInvariant();
        string? problem = null;
        if (challenge == AcmeChallenge.Dns01)
        {
            if (provider is null)
                problem = $"no DNS provider is set (acme.{id}.provider)";
            else if (!DnsProviders.Contains(provider, StringComparer.Ordinal))
                problem = $"DNS provider '{provider}' is not one Stalwart 0.15 can publish with ({string.Join(", ", DnsProviders)})";
            else if (!secrets.Contains((id, "secret")))
                problem = $"the DNS provider's secret is empty (acme.{id}.secret)";
        }
        // v0.15.5 crates/common/src/config/server/tls.rs AcmeProviders::parse: ids come from sub_keys("acme", ".directory"),
        // so an id without a directory key is not a provider; an empty directory or contact is a parse error and skipped;
        // no domains means the provider is never inserted. (A wildcard without DNS-01 is judged by AcmeConfigJudge.)
        string? unused = !fields.ContainsKey("directory") ? $"acme.{id}.directory is not set, and Stalwart 0.15 only reads providers that have one"
            : One("directory") is null ? $"acme.{id}.directory is empty (Stalwart reports \"Missing property\" and skips the provider)"
            : Many("contact").Count == 0 ? $"acme.{id}.contact is empty (Stalwart reports \"Missing property\" and skips the provider)"
            : Many("domains").Count == 0 ? $"acme.{id}.domains is empty, so Stalwart builds no provider from it"
            : null;
        return new AcmeProviderSettings(id, One("directory") ?? AcmeProviderSettings.LetsEncryptDirectory, challenge,
            Many("contact"), Many("domains"), AccountUri: null, provider, problem) { Unused = unused };
    }

    /// <summary><c>domains.0001</c> → <c>domains</c>: a flattened list item names its list.</summary>
    private static string ListBase(string field)
    {
        int dot = field.LastIndexOf('.');
        return dot > 0 && field[(dot + 1)..].All(char.IsAsciiDigit) ? field[..dot] : field;
    }
}
