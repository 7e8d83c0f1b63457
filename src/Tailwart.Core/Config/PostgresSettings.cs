using Tailwart.Core.Secrets;

namespace Tailwart.Core.Config;

/// <summary>Stalwart's PostgreSQL store as Stalwart sees it from the sidecar's netns (lesson 1).</summary>
public sealed record PostgresSettings
{
    public required string Host { get; init; }
    public int Port { get; set; } = 5432;
    public required string Database { get; init; }
    public required string User { get; init; }
    public required SecretReference Password { get; init; }
}
