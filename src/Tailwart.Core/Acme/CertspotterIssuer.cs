using System.Text.Json.Serialization;

namespace Tailwart.Core.Acme;

/// <summary>The issuer object of an expanded Cert Spotter issuance.</summary>
internal sealed record CertspotterIssuer([property: JsonPropertyName("friendly_name")] string? FriendlyName, [property: JsonPropertyName("name")] string? Name);
