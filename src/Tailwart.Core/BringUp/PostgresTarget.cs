using Tailwart.Core.Secrets;

namespace Tailwart.Core.BringUp;

/// <summary>Stalwart's PostgreSQL store as it is reached from the sidecar's netns, with the resolved password.</summary>
internal sealed record PostgresTarget(string Host, int Port, string Database, string User, Secret Password)
{
    /// <summary>Application names tailwart's own sessions carry, so counts of Stalwart's sessions can exclude them.</summary>
    public const string ApplicationNamePrefix = "tailwart";

    /// <summary>
    /// A connection string to this database through a netns endpoint (a loopback listener whose
    /// connections originate in the sidecar), bounded by <paramref name="seconds"/>, named for pg_stat_activity.
    /// </summary>
    public string ConnectionStringVia(System.Net.IPEndPoint endpoint, int seconds, string purpose) =>
        new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Address.ToString(),
            Port = endpoint.Port,
            Database = Database,
            Username = User,
            Password = Password.Reveal(),
            Pooling = false,
            Timeout = seconds,
            CommandTimeout = seconds,
            ApplicationName = $"{ApplicationNamePrefix}-{purpose}",
            // The TLS question is Stalwart's config; tailwart only asks "can this role log in here".
            SslMode = Npgsql.SslMode.Prefer,
        }.ConnectionString;

    /// <summary>
    /// A one-connection data source through <paramref name="endpoint"/>, without type loading: each
    /// check is a new endpoint, so a new data source, and Npgsql would otherwise query the server's
    /// type catalogue (pg_type) on every one, a round trip on the gate's release path. SELECT 1 and
    /// pg_stat_activity's columns are all built-in types.
    /// </summary>
    public Npgsql.NpgsqlDataSource DataSourceVia(System.Net.IPEndPoint endpoint, int seconds, string purpose)
    {
        var builder = new Npgsql.NpgsqlDataSourceBuilder(ConnectionStringVia(endpoint, seconds, purpose));
        builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        return builder.Build();
    }
}
