using System.Text.Json.Serialization;

namespace Tailwart.Core.Acme;

/// <summary>Source-generated JSON for Cert Spotter answers and tailwart's cache of them.</summary>
[JsonSerializable(typeof(List<CertspotterIssuance>))]
[JsonSerializable(typeof(IssuanceHistory))]
internal sealed partial class CertspotterJson : JsonSerializerContext;
