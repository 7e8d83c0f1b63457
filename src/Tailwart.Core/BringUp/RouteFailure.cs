namespace Tailwart.Core.BringUp;

/// <summary>Why the route stopped short of a login; each has its own message so the admin knows which layer to fix.</summary>
public enum RouteFailure
{
    /// <summary>The sidecar is not running or cannot exec (no netns to test from).</summary>
    SidecarUnavailable,
    /// <summary>The Postgres host name does not resolve inside the netns.</summary>
    NameDoesNotResolve,
    /// <summary>The connection was actively refused (nothing listening).</summary>
    ConnectionRefused,
    /// <summary>No answer to the SYN within the connect timeout (blackholed or routed nowhere).</summary>
    NoAnswer,
    /// <summary>Something accepts the connection but does not speak PostgreSQL.</summary>
    NotPostgres,
    /// <summary>PostgreSQL rejected the login (password, role, or pg_hba).</summary>
    LoginRejected,
    /// <summary>Logged in, but the database named in the config does not exist.</summary>
    DatabaseMissing,
    /// <summary>Any other failure; the evidence carries the message.</summary>
    Other,
}
