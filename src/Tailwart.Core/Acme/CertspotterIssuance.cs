using System.Text.Json.Serialization;

namespace Tailwart.Core.Acme;

/// <summary>The wire shape of a Cert Spotter issuance (snake_case).</summary>
internal sealed record CertspotterIssuance(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("dns_names")] List<string>? DnsNames,
    [property: JsonPropertyName("not_before")] DateTimeOffset NotBefore,
    [property: JsonPropertyName("not_after")] DateTimeOffset NotAfter,
    [property: JsonPropertyName("issuer")] CertspotterIssuer? Issuer);
