using Tailwart.Core.Secrets;

namespace Tailwart.Core.Config;

/// <summary>Stalwart's management API endpoint and credential.</summary>
public sealed record StalwartSettings
{
    public required Uri AdminUrl { get; init; }
    public required string AdminUser { get; init; }
    public required SecretReference AdminPassword { get; init; }

    /// <summary><c>auto</c>, <c>0.15</c> (REST) or <c>0.16</c> (JMAP).</summary>
    public string ApiGeneration { get; set; } = "auto";
}
