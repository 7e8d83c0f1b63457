using System.Text.Json.Serialization;

namespace Tailwart.Core.Supervise;

/// <summary>Source-generated JSON for the supervisor's state file (the executable is published AOT).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SupervisorState))]
internal sealed partial class SupervisorJson : JsonSerializerContext;

/// <summary>A notification's JSON: one compact document (a command's stdin, a webhook's body).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NotificationBody))]
internal sealed partial class NotificationJson : JsonSerializerContext;
