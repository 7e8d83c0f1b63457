using System.Net;
using System.Net.Sockets;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

/// <summary>Faults against the whole stack started through compose (sidecar healthy, Stalwart up).</summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class StackFaultTests(LabFixture fixture) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public async Task InitializeAsync()
    {
        (await _lab.ComposeAsync(["up", "-d"], timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("compose up -d");
        await LabEnvironment.WaitUntilAsync("Stalwart's admin API to answer", async ct => await LiveStatusAsync(ct) == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _lab.FaultAsync("api-0.15", on: true);
        await _lab.ResetStackAsync();
    }

    [Fact]
    public async Task Api_hang_accepts_the_connection_and_never_answers()
    {
        // given
        await using (await _lab.InjectAsync("api-hang"))
        {
            // when
            var hung = await Record.ExceptionAsync(() => _http.GetAsync(new Uri(_lab.Config.StalwartAdminUrl, "/healthz/live")));

            // then: the client gave up waiting (its timeout), it was not refused
            Assert.IsType<TaskCanceledException>(hung);
        }

        Assert.Equal(HttpStatusCode.OK, await LiveStatusAsync());
    }

    [Fact]
    public async Task Stalwart_crash_kills_the_process_and_the_restart_policy_brings_it_back()
    {
        // given
        var restartsBefore = int.Parse(await _lab.InspectAsync(_lab.Config.StalwartService, "{{.RestartCount}}"), System.Globalization.CultureInfo.InvariantCulture);

        // when
        await _lab.FaultAsync("stalwart-crash", on: true);

        // then
        await LabEnvironment.WaitUntilAsync("the restart policy to restart the stand-in", async ct =>
            int.Parse(await _lab.InspectAsync(_lab.Config.StalwartService, "{{.RestartCount}}", ct), System.Globalization.CultureInfo.InvariantCulture) > restartsBefore,
            TimeSpan.FromSeconds(20));
        await LabEnvironment.WaitUntilAsync("the admin API to answer again", async ct => await LiveStatusAsync(ct) == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_sidecar_restart_leaves_stalwart_in_the_old_netns_with_only_loopback()
    {
        // given
        Assert.Contains("inet 100.", (await _lab.ExecAsync(_lab.Config.StalwartService, ["ip", "-4", "addr"])).StandardOutput, StringComparison.Ordinal);

        // when
        await _lab.FaultAsync("sidecar-restart", on: true);

        // then: Stalwart still runs, but its namespace lost the tailnet interface, and the published
        // admin port now leads into the sidecar's new namespace, where nothing listens
        Assert.True(await _lab.IsRunningAsync(_lab.Config.StalwartService));
        var addresses = (await _lab.ExecAsync(_lab.Config.StalwartService, ["ip", "-4", "addr"])).StandardOutput;
        Assert.DoesNotContain("inet 100.", addresses, StringComparison.Ordinal);
        Assert.Contains("inet 127.0.0.1", addresses, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, await LiveStatusAsync());
    }

    [Fact]
    public async Task The_api_generation_switch_changes_what_the_era_probe_sees()
    {
        // given: 0.15 answers an unauthenticated settings list with 401
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("/api/settings/list"));

        // when
        await _lab.FaultAsync("api-0.16", on: true);
        await LabEnvironment.WaitUntilAsync("the restarted stand-in to answer", async ct => await LiveStatusAsync(ct) == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        // then: 0.16 has no REST settings API
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("/api/settings/list"));
    }

    private Task<HttpStatusCode?> LiveStatusAsync(CancellationToken ct = default) => StatusAsync("/healthz/live", ct);

    private async Task<HttpStatusCode?> StatusAsync(string path, CancellationToken ct = default)
    {
        try
        {
            using var r = await _http.GetAsync(new Uri(_lab.Config.StalwartAdminUrl, path), ct);
            return r.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
        {
            return null;
        }
    }
}
