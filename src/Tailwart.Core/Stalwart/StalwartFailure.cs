namespace Tailwart.Core.Stalwart;

/// <summary>Why a management call failed, so callers (fallback, the pane, exit codes) can tell transport from answer.</summary>
public enum StalwartFailure
{
    /// <summary>No TCP connection (refused, unreachable, name not resolved).</summary>
    Unreachable,

    /// <summary>Accepted, then closed before any answer: Stalwart's way of turning away a banned socket IP (lesson 3).</summary>
    AcceptedThenClosed,

    /// <summary>Accepted and never answered within the timeout (the lab's api-hang).</summary>
    Timeout,

    /// <summary>401: the credential was refused.</summary>
    Unauthorized,

    /// <summary>403: the credential lacks a permission (or 0.16 answered a blocked IP with 403).</summary>
    Forbidden,

    /// <summary>404: the path does not exist on this server, usually the other API generation.</summary>
    NotFound,

    /// <summary>The body was not the JSON expected, or larger than tailwart reads.</summary>
    Malformed,

    /// <summary>A well-formed answer that reports an error (0.15 <c>{"error":…}</c>, a JMAP method error, notDestroyed…).</summary>
    ApiError,

    /// <summary>
    /// A reload answered with configuration errors, so Stalwart applied nothing of it: 0.15 <c>GET /api/reload</c> is HTTP 200
    /// <c>{"data":{"warnings":…,"errors":{…}}}</c> (v0.15.5 crates/common/src/manager/reload.rs returns before building the core).
    /// </summary>
    ConfigRejected,
}
