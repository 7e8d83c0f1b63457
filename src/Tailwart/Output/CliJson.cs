using System.Text.Json.Serialization;
using Tailwart.Cli.Verbs;

namespace Tailwart.Cli;

/// <summary>Source-generated JSON for every --json document the verbs print.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ConfigReport))]
[JsonSerializable(typeof(ConfigShowReport))]
[JsonSerializable(typeof(VersionReport))]
[JsonSerializable(typeof(ErrorReport))]
[JsonSerializable(typeof(FindingsReport))]
[JsonSerializable(typeof(ProbeReport))]
[JsonSerializable(typeof(KeyTestReport))]
[JsonSerializable(typeof(CertsReport))]
[JsonSerializable(typeof(DoctorReport))]
[JsonSerializable(typeof(LogsReport))]
[JsonSerializable(typeof(LogLineReport))]
[JsonSerializable(typeof(BansReport))]
[JsonSerializable(typeof(UnbanReport))]
[JsonSerializable(typeof(AllowFixReport))]
[JsonSerializable(typeof(FlushReport))]
[JsonSerializable(typeof(UpReport))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(ConfigDefaultsReport))]
[JsonSerializable(typeof(DecisionReport))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>One document per line (JSON Lines), for streams such as `tailwart logs --follow --json`.</summary>
    public static CliJson Compact { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    });
}
