using Tailwart.IntegrationTests.Lab;
using Tailwart.IntegrationTests.Support;
using Tailwart.Lab;
using Xunit.Abstractions;

namespace Tailwart.IntegrationTests.BringUp;

/// <summary>
/// The bring-up waits for the sidecar's health on Docker's event stream; when that stream drops
/// (dockerd restarted, the API connection cut) the wait must go on, not end or hang.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class EventStreamDropTests(LabFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;

    public Task InitializeAsync() => _lab.ResetStackAsync();

    public Task DisposeAsync() => _lab.ResetStackAsync();

    [Fact]
    public async Task A_dropped_event_stream_is_resubscribed_and_a_change_in_the_gap_is_still_seen()
    {
        // given: a watch on the stopped sidecar, through a socket whose connections we can cut
        await using var proxy = DockerSocketProxy.Start();
        using var services = LabStack.Create(_lab, proxy.Path);
        string sidecar = _lab.Config.SidecarService;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watch = services.Stack.WatchAsync(sidecar, deadline.Token).GetAsyncEnumerator(deadline.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.False(watch.Current.IsRunning, $"the sidecar should start stopped, is {watch.Current.State}");
        int before = proxy.Accepted;

        // when: every API connection drops, and the sidecar starts while the watch is cut off
        proxy.CutAll();
        await _lab.StartServiceAsync(sidecar);

        // then: the watch subscribed again and reports the sidecar running and healthy
        var seen = watch.Current;
        while (!(seen.IsRunning && seen.IsHealthy) && await watch.MoveNextAsync())
        {
            seen = watch.Current;
            output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {seen.State}, health {seen.Health}");
        }
        Assert.True(seen.IsRunning && seen.IsHealthy, $"last seen: {seen.State}, health {seen.Health}");
        Assert.True(proxy.Accepted > before, "the watch never opened a new connection after the cut");
    }
}
