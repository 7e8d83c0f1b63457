using System.Text.Json.Serialization;

namespace Tailwart.Core.Guards;

/// <summary>Source-generated JSON for the ledger file.</summary>
[JsonSerializable(typeof(Dictionary<string, DateTimeOffset>))]
internal sealed partial class LedgerJson : JsonSerializerContext;
