namespace Tailwart.Core.Docker;

/// <summary>
/// What the bring-up needs from Docker: discovery, creation, start, a watch driven by the event
/// stream, and logs. The seam the state machine's unit tests replace with a fake.
/// </summary>
internal interface IStackControl
{
    /// <summary>The project's containers now, and which configured services have none.</summary>
    Task<StackSnapshot> DiscoverAsync(CancellationToken ct = default);

    /// <summary>Creates the containers of the services without starting them; <paramref name="recreate"/> replaces existing ones.</summary>
    Task CreateAsync(IReadOnlyList<string> services, bool recreate = false, CancellationToken ct = default);

    /// <summary>Restarts a container (stop, then start).</summary>
    Task RestartAsync(string containerId, CancellationToken ct = default);

    /// <summary>Stops a container: SIGTERM, then SIGKILL after <paramref name="grace"/> (a no-op when it is not running).</summary>
    Task StopAsync(string containerId, TimeSpan grace, CancellationToken ct = default);

    /// <summary>Starts a container (a no-op when it is already running).</summary>
    Task StartAsync(string containerId, CancellationToken ct = default);

    /// <summary>
    /// Yields the service's container now, then again each time Docker's event stream reports a
    /// state or health change for it. Ends only when <paramref name="ct"/> is cancelled.
    /// </summary>
    IAsyncEnumerable<ContainerSnapshot> WatchAsync(string service, CancellationToken ct = default);

    /// <summary>The container's stdout and stderr lines since <paramref name="since"/> (bounded).</summary>
    Task<IReadOnlyList<string>> ReadLogsAsync(string containerId, DateTimeOffset since, CancellationToken ct = default);
}
