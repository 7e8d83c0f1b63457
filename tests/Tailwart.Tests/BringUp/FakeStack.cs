using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Tailwart.Core.Docker;

namespace Tailwart.Tests.BringUp;

/// <summary>An in-memory compose project: containers change when started, watchers see every change.</summary>
internal sealed class FakeStack(TimeProvider time) : IStackControl
{
    private readonly Dictionary<string, ContainerSnapshot> _containers = new(StringComparer.Ordinal);
    private readonly List<(string Service, Channel<ContainerSnapshot> Channel)> _watchers = [];

    public List<string> Calls { get; } = [];
    public List<string> Logs { get; } = [];

    /// <summary>After the sidecar is started, Docker reports it healthy this much later (null: never).</summary>
    public TimeSpan? SidecarHealthyAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What starting a container does (default: running, health starting if it has a healthcheck).</summary>
    public Func<ContainerSnapshot, ContainerSnapshot>? OnStart { get; set; }

    /// <summary>Services compose creates when asked (default: every one asked for, as created).</summary>
    public Func<string, ContainerSnapshot?> OnCreate { get; set; } = s => Snap(s, "created", s == "ts-stalwart" ? "none" : "none");

    public static ContainerSnapshot Snap(string service, string state, string health = "none", long restarts = 0, string? id = null, DateTimeOffset? startedAt = null) =>
        new(service, id ?? service + "-id-0123456789abcdef", "lab-" + service + "-1", state, health, restarts, 0, startedAt,
            new Dictionary<string, string>(), null, null, null);

    public ContainerSnapshot? this[string service] => _containers.TryGetValue(service, out var c) ? c : null;

    public void Put(ContainerSnapshot s)
    {
        lock (_containers)
        {
            _containers[s.Service] = s;
            foreach (var (service, channel) in _watchers)
            {
                if (service == s.Service)
                    channel.Writer.TryWrite(s);
            }
        }
    }

    /// <summary>Applies a change after <paramref name="delay"/> on the fake clock.</summary>
    public void Later(TimeSpan delay, Func<ContainerSnapshot?, ContainerSnapshot> change, string service)
    {
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            Put(change(this[service]));
            timer?.Dispose();
        }, null, delay, Timeout.InfiniteTimeSpan);
    }

    public Task<StackSnapshot> DiscoverAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_containers)
        {
            var copy = new Dictionary<string, ContainerSnapshot>(_containers, StringComparer.Ordinal);
            var missing = new[] { "ts-stalwart", "stalwart" }.Where(s => !copy.ContainsKey(s)).ToList();
            return Task.FromResult(new StackSnapshot("lab", copy, missing));
        }
    }

    public Task RestartAsync(string containerId, CancellationToken ct = default)
    {
        var c = _containers.Values.Single(x => x.Id == containerId);
        Calls.Add("restart " + c.Service);
        Put(c with { State = "running", StartedAt = time.GetUtcNow() });
        return Task.CompletedTask;
    }

    public Task StopAsync(string containerId, TimeSpan grace, CancellationToken ct = default)
    {
        var c = _containers.Values.Single(x => x.Id == containerId);
        Calls.Add($"stop {c.Service} (grace {grace.TotalSeconds:0} s)");
        Put(c with { State = "exited" });
        return Task.CompletedTask;
    }

    public Task CreateAsync(IReadOnlyList<string> services, bool recreate = false, CancellationToken ct = default)
    {
        Calls.Add((recreate ? "recreate " : "create ") + string.Join(",", services));
        foreach (string s in services)
        {
            if (OnCreate(s) is { } created)
                Put(created);
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(string containerId, CancellationToken ct = default)
    {
        var c = _containers.Values.Single(x => x.Id == containerId);
        Calls.Add("start " + c.Service);
        var started = OnStart?.Invoke(c) ?? c with
        {
            State = "running",
            Health = c.Service == "ts-stalwart" ? "starting" : c.Health,
            StartedAt = time.GetUtcNow(),
        };
        Put(started);
        if (c.Service == "ts-stalwart" && SidecarHealthyAfter is { } after)
            Later(after, s => s! with { Health = "healthy" }, "ts-stalwart");
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<ContainerSnapshot> WatchAsync(string service, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateUnbounded<ContainerSnapshot>();
        ContainerSnapshot? first;
        lock (_containers)
        {
            _watchers.Add((service, channel));
            first = this[service];
        }
        try
        {
            if (first is not null)
                yield return first;
            while (true)
                yield return await channel.Reader.ReadAsync(ct);
        }
        finally
        {
            lock (_containers)
                _watchers.Remove((service, channel));
        }
    }

    public Task<IReadOnlyList<string>> ReadLogsAsync(string containerId, DateTimeOffset since, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. Logs]);
}
