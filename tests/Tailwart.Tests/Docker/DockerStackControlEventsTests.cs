using System.Text.Json.Nodes;
using Tailwart.Core.Config;
using Tailwart.Core.Docker;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Docker;

/// <summary>
/// <see cref="DockerStackControl.EventsAsync"/> (what `supervise` follows) over the real Docker.DotNet
/// client against a dockerd stand-in on a unix socket: the decoding of dockerd's JSON lines, the
/// filtering to the configured services, and what a dropped or missing daemon looks like to the
/// supervisor (<see cref="StackEventsLostException"/>, then a fresh subscription: its reconnect).
/// </summary>
public sealed class DockerStackControlEventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly IReadOnlySet<string> Services = new HashSet<string>(["ts-stalwart", "stalwart"], StringComparer.Ordinal);
    private readonly TempDir _dir = new();
    private FakeDockerEventsDaemon _daemon = null!;
    private global::Docker.DotNet.DockerClient _client = null!;

    public Task InitializeAsync()
    {
        // a short path: a unix socket's path is limited to 108 bytes
        _daemon = new FakeDockerEventsDaemon(Path.Combine(_dir.Path, "d.sock"));
        _client = DockerClientFactory.Create(_daemon.SocketPath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _daemon.DisposeAsync();
        _dir.Dispose();
    }

    private DockerStackControl Control(global::Docker.DotNet.DockerClient? client = null)
    {
        var c = client ?? _client;
        var compose = new ComposeCli(new ComposeSettings { ProjectDirectory = _dir.Path, ProjectName = "mail", Files = ["compose.yml"] }, _dir.Path);
        return new DockerStackControl(c, new StackDiscovery(c, "mail", [.. Services]), compose, "mail");
    }

    /// <summary>A container event as dockerd writes it (API 1.41+): compose's labels among the actor's attributes.</summary>
    private static string Event(string? service, string action, string id, long? timeNano, long time = 1_764_676_800, string project = "mail")
    {
        var attributes = new JsonObject { ["com.docker.compose.project"] = project, ["image"] = "stalwartlabs/stalwart:v0.16.18" };
        if (service is not null)
            attributes["com.docker.compose.service"] = service;
        var e = new JsonObject
        {
            ["status"] = action,
            ["id"] = id,
            ["from"] = "stalwartlabs/stalwart:v0.16.18",
            ["Type"] = "container",
            ["Action"] = action,
            ["Actor"] = new JsonObject { ["ID"] = id, ["Attributes"] = attributes },
            ["scope"] = "local",
            ["time"] = time,
        };
        if (timeNano is { } n)
            e["timeNano"] = n;
        return e.ToJsonString();
    }

    private static async Task<T> Within<T>(Task<T> task) => await task.WaitAsync(Bound);

    [Fact]
    public async Task Events_of_the_configured_services_come_through_decoded_and_the_others_are_dropped()
    {
        // given: a subscription
        using var cts = new CancellationTokenSource(Bound * 3);
        await using var events = Control().EventsAsync(Services, cts.Token).GetAsyncEnumerator(cts.Token);
        Task<bool> next = events.MoveNextAsync().AsTask();
        await _daemon.WaitForSubscriptionAsync(Bound);

        // when: dockerd reports the edge (not supervised here), a container without compose's service label, then the stack
        await _daemon.SendAsync(Event("edge", "start", "e0e0e0e0e0e0e0e0", 1_764_676_800_000_000_000));
        await _daemon.SendAsync(Event(null, "start", "a1a1a1a1a1a1a1a1", 1_764_676_800_000_000_000));
        await _daemon.SendAsync(Event("stalwart", "die", "5a5a5a5a5a5a5a5a5a5a5a5a", 1_764_676_801_234_567_890));
        await _daemon.SendAsync(Event("ts-stalwart", "restart", "7c7c7c7c7c7c7c7c", timeNano: null, time: 1_764_676_802));

        // then: only the stack's two, with Docker's time (nanoseconds to the millisecond; whole seconds from an older daemon)
        Assert.True(await Within(next));
        StackEvent died = events.Current;
        Assert.Equal(("stalwart", "die", "5a5a5a5a5a5a5a5a5a5a5a5a", "5a5a5a5a5a5a"), (died.Service, died.Action, died.ContainerId, died.ShortId));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_764_676_801_234), died.At);
        Assert.True(await Within(events.MoveNextAsync().AsTask()));
        StackEvent restarted = events.Current;
        Assert.Equal(("ts-stalwart", "restart"), (restarted.Service, restarted.Action));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_676_802), restarted.At);
    }

    [Fact]
    public async Task The_subscription_asks_dockerd_for_the_projects_container_events_only()
    {
        // given / when
        using var cts = new CancellationTokenSource(Bound * 3);
        await using var events = Control().EventsAsync(Services, cts.Token).GetAsyncEnumerator(cts.Token);
        Task<bool> pending = events.MoveNextAsync().AsTask();
        await _daemon.WaitForSubscriptionAsync(Bound);

        // then: one label filter (Docker ANDs label filters, so the services are filtered on our side)
        string request = Assert.Single(_daemon.Requests, r => r.Contains("/events", StringComparison.Ordinal));
        string query = Uri.UnescapeDataString(request.Split(' ')[1].Split('?', 2)[1]);
        string filters = query.Split('&').Single(p => p.StartsWith("filters=", StringComparison.Ordinal))["filters=".Length..];
        var json = JsonNode.Parse(filters)!.AsObject();
        Assert.True(json["type"]!["container"]!.GetValue<bool>());
        var labels = json["label"]!.AsObject();
        Assert.Equal(["com.docker.compose.project=mail"], labels.Select(l => l.Key));
        Assert.DoesNotContain("since", query, StringComparison.Ordinal); // live events only: the supervisor looks at the stack itself after subscribing
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(pending));
    }

    [Fact]
    public async Task A_stream_dockerd_ends_is_reported_as_lost_and_a_new_subscription_gets_the_events_after_it()
    {
        // given: a subscription that has delivered an event
        var control = Control();
        using var cts = new CancellationTokenSource(Bound * 3);
        var events = control.EventsAsync(Services, cts.Token).GetAsyncEnumerator(cts.Token);
        Task<bool> next = events.MoveNextAsync().AsTask();
        await _daemon.WaitForSubscriptionAsync(Bound);
        await _daemon.SendAsync(Event("stalwart", "start", "5a5a5a5a5a5a5a5a", 1_764_676_800_000_000_000));
        Assert.True(await Within(next));

        // when: dockerd stops (its stream ends)
        Task<bool> after = events.MoveNextAsync().AsTask();
        await _daemon.EndStreamAsync();

        // then: not a quiet end of the enumeration (the supervisor would follow nothing), but lost, saying so
        var lost = await Assert.ThrowsAsync<StackEventsLostException>(() => Within(after));
        Assert.Contains("event stream ended", lost.Message, StringComparison.Ordinal);
        await events.DisposeAsync();

        // and when the supervisor reconnects: the same control subscribes afresh and follows what comes next
        await using var again = control.EventsAsync(Services, cts.Token).GetAsyncEnumerator(cts.Token);
        Task<bool> resumed = again.MoveNextAsync().AsTask();
        await _daemon.WaitForSubscriptionAsync(Bound);
        await _daemon.SendAsync(Event("ts-stalwart", "start", "7c7c7c7c7c7c7c7c", 1_764_676_805_000_000_000));
        Assert.True(await Within(resumed));
        Assert.Equal(("ts-stalwart", "start"), (again.Current.Service, again.Current.Action));
        Assert.Equal(2, _daemon.Requests.Count(r => r.Contains("/events", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_daemon_that_is_not_there_is_reported_as_lost_with_the_reason()
    {
        // given: a socket path nobody listens on (dockerd not started yet at boot)
        string gone = Path.Combine(_dir.Path, "gone.sock");
        await File.WriteAllTextAsync(gone, "");
        using var client = DockerClientFactory.Create(gone);
        using var cts = new CancellationTokenSource(Bound * 3);
        await using var events = Control(client).EventsAsync(Services, cts.Token).GetAsyncEnumerator(cts.Token);

        // when / then
        var lost = await Assert.ThrowsAsync<StackEventsLostException>(() => Within(events.MoveNextAsync().AsTask()));
        Assert.Contains("Docker's event stream failed", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_subscription_ends_it_as_cancelled_not_as_lost()
    {
        // given: a subscription waiting for events
        using var cts = new CancellationTokenSource(Bound * 3);
        await using var events = Control().EventsAsync(Services, cts.Token).GetAsyncEnumerator(cts.Token);
        Task<bool> next = events.MoveNextAsync().AsTask();
        await _daemon.WaitForSubscriptionAsync(Bound);

        // when: SIGTERM cancels supervise
        await cts.CancelAsync();

        // then: no "dockerd lost" decision follows a stop
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(next));
        Assert.IsNotType<StackEventsLostException>(e);
    }
}
