using System.Text.Json.Nodes;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// Reads 0.16 DKIM keys from <c>x:DkimSignature/get</c> (v0.16.18 crates/registry/src/schema/structs.rs
/// <c>enum DkimSignature</c>, tagged by <c>@type</c>: Dkim1Ed25519Sha256, Dkim1RsaSha256, Dkim2Ed25519Sha256,
/// Dkim2RsaSha256; members selector, domainId, stage) and the names of the <c>x:Domain</c> objects they point at.
/// The public key is Stalwart's own: /get adds a computed <c>publicKey</c> when the properties ask for it or are
/// empty (crates/jmap/src/registry/get.rs, common/src/network/dkim.rs generate_dkim_public_key: base64 of the RSA
/// SubjectPublicKeyInfo or the raw Ed25519 key, exactly the <c>p=</c> it publishes). privateKey is never asked for.
/// </summary>
public static class DkimKeys016
{
    public static readonly string[] Properties = ["id", "@type", "selector", "domainId", "stage", "publicKey"];

    public static IReadOnlyList<DkimKey> Parse(IEnumerable<JsonObject> signatures, IEnumerable<JsonObject> domains)
    {
        var names = domains.Select(d => (Id: ApiAnswers.Text(d["id"]), Name: ApiAnswers.Text(d["name"])))
            .Where(d => d.Id is not null && d.Name is not null).ToDictionary(d => d.Id!, d => d.Name!.TrimEnd('.').ToLowerInvariant(), StringComparer.Ordinal);
        var keys = new List<DkimKey>();
        foreach (JsonObject s in signatures)
        {
            string id = ApiAnswers.Text(s["id"]) ?? "?";
            string type = ApiAnswers.Text(s["@type"]) ?? "";
            string algorithm = type.Contains("Ed25519", StringComparison.Ordinal) ? "ed25519" : "rsa";
            string? domainId = ApiAnswers.Text(s["domainId"]);
            string? domain = domainId is not null && names.TryGetValue(domainId, out string? n) ? n : null;
            string? publicKey = ApiAnswers.Text(s["publicKey"]) is { Length: > 0 } p ? p : null;
            string? why = domain is null ? $"its domain ({domainId ?? "none"}) is not an x:Domain Stalwart has"
                : publicKey is null ? "Stalwart did not compute its public key (the private key does not parse)"
                : null;
            keys.Add(new DkimKey(id, domain ?? "", ApiAnswers.Text(s["selector"]) ?? "", algorithm, publicKey, ApiAnswers.Text(s["stage"]) ?? "Active", why));
        }
        return keys;
    }
}
