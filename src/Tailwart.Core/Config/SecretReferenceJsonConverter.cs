using System.Text.Json;
using System.Text.Json.Serialization;
using Tailwart.Core.Secrets;

namespace Tailwart.Core.Config;

/// <summary>Reads <c>"env:NAME"</c> / <c>"file:/path"</c> / inline strings as a <see cref="SecretReference"/>; writes only the masked form.</summary>
public sealed class SecretReferenceJsonConverter : JsonConverter<SecretReference>
{
    public override SecretReference Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SecretReference.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, SecretReference value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToMaskedJson());
}
