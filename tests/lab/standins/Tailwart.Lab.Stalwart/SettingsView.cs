using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// The 0.15 flat key space over the stand-in's tables: <c>server.blocked-ip.&lt;ip&gt;</c> ↔ <c>blocked_ips</c>,
/// <c>certificate.&lt;id&gt;.cert|private-key</c> ↔ <c>certificates</c>, everything else ↔ <c>settings</c>,
/// plus read-only "local" (config-file) keys. Real 0.15 keeps <c>certificate.*</c> in the TOML file; the lab
/// keeps them in PG so an import is lost exactly when the store is down (lesson 1). Reads show the store's
/// truth, not the in-memory ban set.
/// </summary>
internal sealed class SettingsView(StandinConfig config, Store store)
{
    private const string BlockedPrefix = "server.blocked-ip.";
    private const string CertPrefix = "certificate.";

    public async Task<SortedDictionary<string, string>> ReadAsync(string prefix, CancellationToken ct)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in LocalKeys()) all[k] = v;
        try
        {
            foreach (var (k, v) in await store.ReadSettingsAsync("", ct)) all[k] = v;
            foreach (var b in await store.ReadBansAsync(ct)) all[BlockedPrefix + b.Address] = "";
            foreach (var c in await store.ReadCertificatesAsync(ct))
            {
                all[$"{CertPrefix}{c.Id}.cert"] = c.CertPem;
                all[$"{CertPrefix}{c.Id}.private-key"] = c.KeyPem;
            }
        }
        catch (StoreUnavailableException)
        {
            // Like a read error: the caller sees only local keys.
        }
        return new SortedDictionary<string, string>(
            all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);
    }

    /// <summary>Writes key/value pairs; returns an error kind or null. Failed store writes are lost, not errors.</summary>
    public async Task<string?> InsertAsync(IReadOnlyList<KeyValuePair<string, string>> values, CancellationToken ct)
    {
        var plain = new List<KeyValuePair<string, string>>();
        var certParts = new Dictionary<string, (string? Cert, string? Key)>(StringComparer.Ordinal);
        foreach (var (k, v) in values)
        {
            if (k.StartsWith(BlockedPrefix, StringComparison.Ordinal))
            {
                var addr = k[BlockedPrefix.Length..];
                if (!IpNetwork.TryParse(addr, out var net)) return "other";
                await store.PutBanAsync(new BanRecord(net!.ToString(), "manual", DateTimeOffset.UtcNow), ct);
            }
            else if (TryCertKey(k, out var id, out var part))
            {
                var cur = certParts.GetValueOrDefault(id);
                certParts[id] = part == "cert" ? (v, cur.Key) : (cur.Cert, v);
            }
            else
            {
                plain.Add(new(k, v));
            }
        }
        foreach (var (id, (cert, key)) in certParts)
        {
            if (cert is null || key is null) return "fieldMissing";
            try
            {
                CertStore.Load(cert, key).Dispose();
            }
            catch (CryptographicException)
            {
                return "other";
            }
            await store.PutCertificateAsync(new CertRecord(id, cert, key), ct);
        }
        if (plain.Count > 0) await store.PutSettingsAsync(plain, ct);
        return null;
    }

    public async Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var plain = new List<string>();
        foreach (var k in keys)
        {
            if (k.StartsWith(BlockedPrefix, StringComparison.Ordinal) && IpNetwork.TryParse(k[BlockedPrefix.Length..], out var net))
                await store.DeleteBanAsync(net!.ToString(), ct);
            else if (TryCertKey(k, out var id, out _))
                await store.DeleteCertificateAsync(id, ct);
            else
                plain.Add(k);
        }
        if (plain.Count > 0) await store.DeleteSettingsAsync(plain, ct);
    }

    private static bool TryCertKey(string key, out string id, out string part)
    {
        id = part = "";
        if (!key.StartsWith(CertPrefix, StringComparison.Ordinal)) return false;
        var rest = key[CertPrefix.Length..];
        foreach (var p in new[] { "cert", "private-key" })
        {
            if (rest.EndsWith("." + p, StringComparison.Ordinal) && rest.Length > p.Length + 1)
            {
                id = rest[..^(p.Length + 1)];
                part = p;
                return true;
            }
        }
        return false;
    }

    private IEnumerable<KeyValuePair<string, string>> LocalKeys()
    {
        yield return new("server.hostname", config.Hostname);
        yield return new("storage.data", "postgresql");
        yield return new("store.postgresql.type", "postgresql");
        yield return new("store.postgresql.host", config.DbHost);
        yield return new("store.postgresql.port", config.DbPort.ToString(CultureInfo.InvariantCulture));
        yield return new("store.postgresql.database", config.DbName);
        yield return new("store.postgresql.user", config.DbUser);
        yield return new("authentication.fallback-admin.user", config.AdminUser);
        for (var i = 0; i < config.TrustedProxies.Count; i++)
            yield return new($"server.proxy.trusted-networks.{i:0000}", config.TrustedProxies[i].ToString());
        // The listeners 0.15 mode binds, as the quick-start writes them (one bind, protocol, tls.implicit).
        foreach (var l in StandinConfig.Listeners015)
        {
            yield return new($"server.listener.{l.Id}.bind", $"[::]:{config.Ports[l.Id]}");
            yield return new($"server.listener.{l.Id}.protocol", l.Protocol.ToString().ToLowerInvariant());
            if (l.ImplicitTls) yield return new($"server.listener.{l.Id}.tls.implicit", "true");
            if (config.ProxyOverrides.TryGetValue(l.Id, out var overrides))
            {
                for (var i = 0; i < overrides.Count; i++)
                    yield return new($"server.listener.{l.Id}.proxy.trusted-networks.{i:0000}", overrides[i].ToString());
            }
        }
    }

    /// <summary>Parses the POST /api/settings operation array; returns null when the shape is wrong.</summary>
    public static List<JsonObject>? ParseOperations(JsonNode? body) =>
        body is JsonArray arr && arr.All(n => n is JsonObject o && o["type"] is JsonValue)
            ? arr.Select(n => (JsonObject)n!).ToList()
            : null;
}
