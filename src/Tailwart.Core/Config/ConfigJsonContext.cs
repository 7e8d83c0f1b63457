using System.Text.Json.Serialization;

namespace Tailwart.Core.Config;

/// <summary>Source-generated (trim- and AOT-safe) JSON binding of the config records.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(SecretReferenceJsonConverter)])]
[JsonSerializable(typeof(TailwartConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
