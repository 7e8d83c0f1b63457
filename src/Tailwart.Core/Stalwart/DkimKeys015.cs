using System.Security.Cryptography;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// Reads 0.11–0.15 DKIM signatures from <c>GET /api/settings/list?prefix=signature</c>: an id is a
/// signature when it has <c>signature.&lt;id&gt;.algorithm</c> (v0.15.5 crates/common/src/config/smtp/auth.rs
/// MailAuthConfig::parse), with <c>domain</c>, <c>selector</c> and <c>private-key</c> (build_signature,
/// parse_signature). The private key is in the answer: only the public half is derived here and the
/// PEM is dropped at once; it never reaches a record, a log or an exception.
/// </summary>
public static class DkimKeys015
{
    public static IReadOnlyList<DkimKey> Parse(IEnumerable<KeyValuePair<string, string>> items)
    {
        var byId = new SortedDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in items)
        {
            string key = rawKey.Trim().Trim('"');
            int dot = key.LastIndexOf('.');
            if (dot <= 0)
                continue;
            // Ids may hold dots ("rsa-example.com"): the field is the last segment, except list items (headers.0000).
            string field = key[(dot + 1)..];
            string id = key[..dot];
            if (field.All(char.IsAsciiDigit) && id.LastIndexOf('.') is int inner and > 0)
            {
                field = id[(inner + 1)..];
                id = id[..inner];
            }
            if (!byId.TryGetValue(id, out var fields))
                byId[id] = fields = new Dictionary<string, string>(StringComparer.Ordinal);
            fields.TryAdd(field, value.Trim());
        }
        var keys = new List<DkimKey>();
        foreach (var (id, f) in byId)
        {
            if (!f.TryGetValue("algorithm", out string? algorithm))
                continue; // not a signature for Stalwart (it keys on signature.<id>.algorithm)
            string domain = f.GetValueOrDefault("domain", "").TrimEnd('.').ToLowerInvariant();
            string selector = f.GetValueOrDefault("selector", "");
            string k = algorithm.StartsWith("ed25519", StringComparison.OrdinalIgnoreCase) ? "ed25519" : "rsa";
            var (publicKey, why) = f.TryGetValue("private-key", out string? pem) ? PublicFromPrivate(k, pem) : (null, $"signature.{id}.private-key is not set");
            if (domain.Length == 0 || selector.Length == 0)
                why = $"signature.{id}.{(domain.Length == 0 ? "domain" : "selector")} is not set, so Stalwart cannot build this signature";
            keys.Add(new DkimKey(id, domain, selector, k, publicKey, "Active", why));
        }
        return keys;
    }

    /// <summary>The DNS <c>p=</c> value for an RSA private key (PKCS#1 or PKCS#8 PEM). Ed25519 needs a curve operation .NET does not ship.</summary>
    internal static (string? PublicKey, string? Why) PublicFromPrivate(string algorithm, string pem)
    {
        if (pem.Contains("%{", StringComparison.Ordinal))
            return (null, "the private key is a macro (%{file:…}% or %{env:…}%) that only Stalwart expands");
        if (algorithm == "ed25519")
            return (null, "an Ed25519 public key cannot be derived here (.NET has no Ed25519); only that the selector is published is checked");
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return (Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), null);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // Not the exception's text: it may quote the key.
            return (null, "the private key is not an RSA PEM tailwart can read");
        }
    }
}
