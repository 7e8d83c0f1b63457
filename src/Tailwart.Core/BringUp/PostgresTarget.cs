using Tailwart.Core.Secrets;

namespace Tailwart.Core.BringUp;

/// <summary>Stalwart's PostgreSQL store as it is reached from the sidecar's netns, with the resolved password.</summary>
public sealed record PostgresTarget(string Host, int Port, string Database, string User, Secret Password)
{
    /// <summary>Application names tailwart's own sessions carry, so counts of Stalwart's sessions can exclude them.</summary>
    public const string ApplicationNamePrefix = "tailwart";
}
