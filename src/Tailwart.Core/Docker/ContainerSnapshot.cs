namespace Tailwart.Core.Docker;

/// <summary>
/// One compose service's container as Docker saw it at one moment. Immutable; a new inspect makes
/// a new snapshot.
/// </summary>
/// <param name="Service">The compose service label.</param>
/// <param name="Id">Full container id.</param>
/// <param name="Name">Container name without the leading slash.</param>
/// <param name="State">Docker's state: created, running, restarting, exited, paused, dead.</param>
/// <param name="Health">none, starting, healthy or unhealthy.</param>
/// <param name="RestartCount">Restarts by the daemon's restart policy since the container was created.</param>
/// <param name="ExitCode">The last exit code (0 while running or never run).</param>
/// <param name="StartedAt">When the current (or last) run started; null if it never ran.</param>
/// <param name="IpAddresses">Addresses per network name (empty when it shares another container's netns).</param>
/// <param name="NetworkMode">Docker's network mode, e.g. <c>container:ID</c> for Stalwart sharing the sidecar's netns.</param>
/// <param name="ConfigHash">Compose's config hash label, if any.</param>
/// <param name="DependsOn">Compose's depends_on label (v2 only), if any.</param>
public sealed record ContainerSnapshot(
    string Service,
    string Id,
    string Name,
    string State,
    string Health,
    long RestartCount,
    long ExitCode,
    DateTimeOffset? StartedAt,
    IReadOnlyDictionary<string, string> IpAddresses,
    string? NetworkMode,
    string? ConfigHash,
    string? DependsOn)
{
    /// <summary>The healthcheck test as Docker created the container (e.g. <c>CMD-SHELL …</c>); null without one.</summary>
    public IReadOnlyList<string>? HealthcheckTest { get; init; }

    /// <summary>
    /// The host pid of the container's main process as dockerd sees it (0 when it is not running). Only
    /// meaningful on dockerd's own host, in its pid namespace; the netns connector checks that before use.
    /// </summary>
    public long Pid { get; init; }

    /// <summary>Docker's restart policy for the container (HostConfig.RestartPolicy): no, always, unless-stopped, on-failure; null when not read.</summary>
    public string? RestartPolicy { get; init; }

    public bool IsRunning => State == "running";

    public bool IsHealthy => Health == "healthy";

    /// <summary>The first network address, which on the edge box is the sidecar's tailnet address.</summary>
    public string? TailnetIp => IpAddresses.Values.FirstOrDefault(a => a.Length > 0);

    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}
