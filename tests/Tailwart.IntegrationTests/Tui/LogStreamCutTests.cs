using Tailwart.Core.Logs;
using Tailwart.IntegrationTests.BringUp;
using Tailwart.IntegrationTests.Lab;
using Tailwart.IntegrationTests.Support;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Tui;

/// <summary>
/// A log stream can end while its container runs on (a stale API connection after a daemon restart,
/// a proxy in between timing it out) with no Docker event to say so. The Logs pane must read on
/// from where the stream ended, not wait for the container's next start (CI once saw the pane stop
/// at a dockerd restart while the services pane had resumed).
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class LogStreamCutTests(LabFixture fixture) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;

    public async Task InitializeAsync()
    {
        await _lab.ResetStackAsync();
        await _lab.StartServiceAsync(_lab.Config.SidecarService);
        // healthy before the feed starts: no health flip (a Docker event) can come after the cut and reopen the stream by chance
        await LabEnvironment.WaitUntilAsync("the sidecar to be healthy", async ct =>
            await _lab.InspectAsync(_lab.Config.SidecarService, "{{.State.Health.Status}}", ct) == "healthy", TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync() => _lab.ResetStackAsync();

    [Fact]
    public async Task A_log_stream_cut_while_the_container_runs_is_read_on_without_a_new_start()
    {
        // given: the feed following the running sidecar through a socket whose log streams we can cut
        await using var proxy = DockerSocketProxy.Start();
        using var services = LabStack.Create(_lab, proxy.Path);
        string sidecar = _lab.Config.SidecarService;
        var buffer = new LogRingBuffer(10_000, 16 << 20);
        var feed = new LogFeed(services.Docker, services.Stack, [sidecar], buffer, 10, TimeProvider.System);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        Task running = feed.RunAsync(stop.Token);
        try
        {
            await WriteAndSeeAsync(buffer, sidecar, "before", TimeSpan.FromSeconds(30));

            // when: only the log stream is cut; the event stream, and the container, go on
            int cut = 0;
            await LabEnvironment.WaitUntilAsync("the feed's log stream to be open through the proxy",
                _ => Task.FromResult((cut = proxy.CutRequests("/logs?")) > 0), TimeSpan.FromSeconds(10));

            // then: a line written after the cut still arrives, without the container starting again
            await WriteAndSeeAsync(buffer, sidecar, "after", TimeSpan.FromSeconds(10));
            Assert.Equal(1, cut);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    private async Task WriteAndSeeAsync(LogRingBuffer buffer, string service, string tag, TimeSpan within)
    {
        string marker = $"tw-cut-{tag}-{Guid.NewGuid():N}"[..28];
        (await _lab.ExecAsync(service, ["sh", "-c", $"echo {marker} >/proc/1/fd/1"])).EnsureSuccess("write a line to the sidecar's log");
        await LabEnvironment.WaitUntilAsync($"'{marker}' in the feed",
            _ => Task.FromResult(buffer.Snapshot().Any(l => l.Text.Contains(marker, StringComparison.Ordinal))), within);
    }
}
