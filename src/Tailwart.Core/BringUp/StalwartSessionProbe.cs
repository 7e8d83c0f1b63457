using Npgsql;
using Tailwart.Core.Netns;

namespace Tailwart.Core.BringUp;

/// <summary>
/// Asks PostgreSQL itself, through the sidecar's netns with Stalwart's credentials, how many
/// sessions Stalwart's role holds: proof from the database's side that Stalwart really connected
/// (lesson 1's "4 live connections immediately").
/// </summary>
internal sealed class StalwartSessionProbe(Func<CancellationToken, Task<NetnsConnector>> connectorFactory, PostgresTarget target) : IStalwartSessionProbe
{
    // A role can see its own sessions in pg_stat_activity without extra privileges; tailwart's
    // sessions are excluded by application_name and by pid.
    private const string Sql =
        "SELECT count(*)::int FROM pg_stat_activity WHERE usename = @user AND datname = @db " +
        "AND pid <> pg_backend_pid() AND coalesce(application_name, '') NOT LIKE @mine";

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        var connector = await connectorFactory(ct).ConfigureAwait(false);
        int seconds = (int)Math.Ceiling(connector.ConnectTimeout.TotalSeconds) + 2;
        await using var endpoint = await connector.OpenAsync(target.Host, target.Port, ct).ConfigureAwait(false);
        await using var source = target.DataSourceVia(endpoint.LocalEndPoint, seconds, "session-count");
        await using var connection = source.CreateConnection();
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("user", target.User);
        command.Parameters.AddWithValue("db", target.Database);
        command.Parameters.AddWithValue("mine", PostgresTarget.ApplicationNamePrefix + "%");
        return (int)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0);
    }
}
