using System.Net.Sockets;
using Npgsql;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// The wording Stalwart uses when its PostgreSQL store cannot be opened (stalwart.md §8), with the
/// tokio-postgres style reason derived from the Npgsql exception. The reference says the exact
/// reason fragments were assembled from code paths, not captured; so are these.
/// </summary>
internal static class DbFailureText
{
    /// <summary>tokio-postgres flavoured reason, e.g. "error connecting to server: Connection refused (os error 111)".</summary>
    public static string Reason(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException pg:
                    return $"db error: {pg.Severity}: {pg.MessageText}";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "error connecting to server: Connection refused (os error 111)";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return "error connecting to server: failed to lookup address information: Name or service not known";
                case SocketException { SocketErrorCode: SocketError.NetworkUnreachable }:
                    return "error connecting to server: Network is unreachable (os error 101)";
                case SocketException { SocketErrorCode: SocketError.HostUnreachable }:
                    return "error connecting to server: No route to host (os error 113)";
                case TimeoutException:
                case NpgsqlException { InnerException: TimeoutException }:
                    return "error connecting to server: timed out";
                case System.IO.EndOfStreamException:
                case System.IO.IOException:
                    return "error connecting to server: connection closed";
            }
        }
        return "error connecting to server: " + e.Message.Split('\n')[0];
    }

    public static string SqlState(Exception e) =>
        e is PostgresException pg ? pg.SqlState : (e.InnerException is PostgresException ipg ? ipg.SqlState : "");

    /// <summary>The line(s) printed when the store cannot be opened at boot; exit mode ends the process after them.</summary>
    public static void PrintBootFailure(string generation, bool degrade, Exception e)
    {
        var reason = Reason(e);
        if (degrade)
        {
            // Seed behaviour: a config build error, then the server keeps booting without a store.
            StalwartLog.Error("Configuration build error", "config.build-error",
                ("details", $"Build error for key \"store.postgresql\": Failed to create tables: PostgreSQL error (store.postgresql-error): reason = {reason}"));
            return;
        }
        if (generation == "0.16")
        {
            var code = SqlState(e);
            StalwartLog.Plain("⚠️ Startup failed: Failed to create tables: PostgreSQL error (store.postgresql-error): reason = "
                + reason + (code.Length > 0 ? $", code = {code}" : ""));
        }
        else
        {
            // 0.15: the store build error is recorded, then reading DB settings fails and the process exits 1.
            StalwartLog.Plain("Failed to read database configuration: PostgreSQL error (store.postgresql-error): reason = Error occurred while creating a new object: "
                + reason);
        }
    }
}
