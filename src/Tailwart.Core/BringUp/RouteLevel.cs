namespace Tailwart.Core.BringUp;

/// <summary>How far the Postgres route was proven from the sidecar's netns, lowest first. Only <see cref="LoginVerified"/> opens the gate.</summary>
public enum RouteLevel
{
    /// <summary>Nothing proven (the name did not resolve, or the check could not run).</summary>
    None,
    /// <summary>The host name resolved inside the netns.</summary>
    NameResolved,
    /// <summary>A TCP connection to the port was accepted.</summary>
    TcpConnected,
    /// <summary>The peer answered a PostgreSQL SSLRequest as PostgreSQL does.</summary>
    SpeaksPostgres,
    /// <summary>Stalwart's store credentials logged in and <c>SELECT 1</c> returned 1.</summary>
    LoginVerified,
}
