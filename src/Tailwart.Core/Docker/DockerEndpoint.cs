namespace Tailwart.Core.Docker;

/// <summary>
/// The Docker daemon tailwart talks to, and where that choice came from. The same endpoint feeds the
/// API client and the compose CLI's environment, so containers are never created on one daemon
/// while another is watched.
/// </summary>
/// <param name="Host">The daemon URI as the docker CLI writes it: <c>unix:///var/run/docker.sock</c> or <c>tcp://host:2376</c>.</param>
/// <param name="Source">Why this one: "DOCKER_HOST", "DOCKER_CONTEXT=remote", "the default socket"…; every Docker error quotes it.</param>
/// <param name="TlsCertPath">For tcp:// with DOCKER_TLS_VERIFY: the directory holding ca.pem, cert.pem and key.pem; null for plain transport.</param>
public sealed record DockerEndpoint(Uri Host, string Source, string? TlsCertPath = null)
{
    /// <summary>The socket file for a unix:// endpoint; null otherwise.</summary>
    public string? SocketPath => Host.Scheme == "unix" ? Host.LocalPath : null;

    /// <summary>
    /// Whether the daemon runs on this machine, so its container pids are pids here and setns(2)
    /// can enter their namespaces. Only a unix socket is taken as local: a tcp:// daemon, even on
    /// 127.0.0.1, may be a tunnel to another box. (A forwarded unix socket is still caught by the
    /// pid-belongs-to-container check of the netns fast path.)
    /// </summary>
    public bool IsLocal => Host.Scheme == "unix";

    /// <summary>Whether the tcp:// transport is TLS with client certificates (DOCKER_TLS_VERIFY).</summary>
    public bool UsesTls => TlsCertPath is not null;

    /// <summary>An explicit unix socket (tests, a caller that knows better).</summary>
    public static DockerEndpoint Unix(string socketPath, string source = "an explicit socket") =>
        new(new Uri("unix://" + socketPath), source);

    /// <summary>
    /// The variables the compose CLI must run with to reach exactly this daemon: DOCKER_HOST and
    /// the TLS pair set, DOCKER_CONTEXT removed (null: unset), because a context would otherwise
    /// win over nothing-set-here and could point elsewhere.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ComposeEnvironment() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["DOCKER_HOST"] = HostText,
        ["DOCKER_CONTEXT"] = null,
        ["DOCKER_TLS_VERIFY"] = UsesTls ? "1" : null,
        ["DOCKER_CERT_PATH"] = TlsCertPath,
    };

    /// <summary>The host as the user would write it in DOCKER_HOST.</summary>
    public string HostText => Host.Scheme == "unix" ? "unix://" + Host.LocalPath : Host.GetLeftPart(UriPartial.Authority);

    /// <summary>"unix:///run/user/1000/docker.sock (from DOCKER_HOST)": how errors name the daemon.</summary>
    public override string ToString() => $"{HostText} (from {Source})";
}
