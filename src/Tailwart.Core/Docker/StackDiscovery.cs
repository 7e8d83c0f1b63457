using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Tailwart.Core.Docker;

/// <summary>
/// Finds the compose project's containers by their compose labels, so it works whichever compose
/// flavour (or which set of -f files) created them, and says which configured service is missing.
/// </summary>
public sealed class StackDiscovery(IDockerClient docker, string project, IReadOnlyList<string> services)
{
    /// <summary>Lists and inspects the project's containers (stopped ones too).</summary>
    public async Task<StackSnapshot> DiscoverAsync(CancellationToken ct = default)
    {
        var list = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={project}"] = true },
            },
        }, ct).ConfigureAwait(false);

        // The inspects at once, not one after another: discovery sits on the gate's release path
        // (just before Stalwart's start), and a stack has several containers.
        var inspected = (await Task.WhenAll(list.Select(c => InspectOrNullAsync(c.ID, ct))).ConfigureAwait(false)).OfType<ContainerInspectResponse>();
        return Build(project, services, inspected);
    }

    private async Task<ContainerInspectResponse?> InspectOrNullAsync(string id, CancellationToken ct)
    {
        try
        {
            return await docker.Containers.InspectContainerAsync(id, ct).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null; // removed between list and inspect (a recreate in progress): treat as absent
        }
    }

    /// <summary>Inspects one container by id into a snapshot; null when it no longer exists.</summary>
    public async Task<ContainerSnapshot?> InspectAsync(string id, CancellationToken ct = default)
    {
        try
        {
            var response = await docker.Containers.InspectContainerAsync(id, ct).ConfigureAwait(false);
            return ToSnapshot(response);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Pure part of discovery: picks one container per configured service (the running one, else the
    /// newest), ignoring one-off <c>compose run</c> containers and other projects' containers.
    /// </summary>
    public static StackSnapshot Build(string project, IReadOnlyList<string> services, IEnumerable<ContainerInspectResponse> containers)
    {
        var byService = new Dictionary<string, ContainerSnapshot>(StringComparer.Ordinal);
        var candidates = containers
            .Where(c => Label(c, ComposeLabels.Project) == project)
            .Where(c => !string.Equals(Label(c, ComposeLabels.OneOff), "True", StringComparison.OrdinalIgnoreCase))
            .Select(ToSnapshot)
            .OfType<ContainerSnapshot>()
            .GroupBy(s => s.Service, StringComparer.Ordinal);
        foreach (var group in candidates)
        {
            byService[group.Key] = group
                .OrderByDescending(s => s.IsRunning)
                .ThenByDescending(s => s.StartedAt ?? DateTimeOffset.MinValue)
                .First();
        }
        var missing = services.Where(s => !byService.ContainsKey(s)).ToList();
        return new StackSnapshot(project, byService, missing);
    }

    /// <summary>Maps Docker's inspect document to a snapshot; null for a container without a service label.</summary>
    public static ContainerSnapshot? ToSnapshot(ContainerInspectResponse c)
    {
        string? service = Label(c, ComposeLabels.Service);
        if (service is null)
            return null;
        var ips = new Dictionary<string, string>(StringComparer.Ordinal);
        if (c.NetworkSettings?.Networks is { } networks)
        {
            foreach (var (name, endpoint) in networks)
            {
                if (!string.IsNullOrEmpty(endpoint?.IPAddress))
                    ips[name] = endpoint.IPAddress;
            }
        }
        return new ContainerSnapshot(
            service,
            c.ID,
            (c.Name ?? "").TrimStart('/'),
            c.State?.Status ?? "unknown",
            string.IsNullOrEmpty(c.State?.Health?.Status) ? "none" : c.State.Health.Status,
            c.RestartCount,
            c.State?.ExitCode ?? 0,
            ParseDockerTime(c.State?.StartedAt),
            ips,
            c.HostConfig?.NetworkMode,
            Label(c, ComposeLabels.ConfigHash),
            Label(c, ComposeLabels.DependsOn))
        {
            HealthcheckTest = c.Config?.Healthcheck?.Test is { Count: > 0 } test && test[0] != "NONE" ? [.. test] : null,
            Pid = c.State?.Pid ?? 0,
            RestartPolicy = DockerStackControl.RestartPolicyName(c.HostConfig?.RestartPolicy),
        };
    }

    /// <summary>Docker writes "0001-01-01T00:00:00Z" for a container that never started.</summary>
    public static DateTimeOffset? ParseDockerTime(string? text)
    {
        if (string.IsNullOrEmpty(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return null;
        return t.Year <= 1 ? null : t;
    }

    private static string? Label(ContainerInspectResponse c, string key) =>
        c.Config?.Labels is { } labels && labels.TryGetValue(key, out string? v) ? v : null;
}
