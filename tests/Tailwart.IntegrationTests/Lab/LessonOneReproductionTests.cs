using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

/// <summary>
/// Lesson 1 (edge-lessons.md): the sidecar's healthcheck only asked containerboot's /healthz,
/// which turns green before the route to Postgres works; compose released Stalwart into the gap
/// and writes made then were lost. The lab must reproduce it with a plain `compose up`, and the
/// fixed healthcheck (docker-compose.yml) must hold Stalwart back.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class LessonOneReproductionTests(LabFixture fixture)
{
    private readonly LabEnvironment _lab = fixture.Lab;

    [Fact]
    public async Task With_the_naive_healthcheck_a_plain_compose_up_releases_stalwart_into_the_postgres_gap()
    {
        // given: Postgres blackholed from the tailnet at boot; the stand-in degrades instead of exiting
        await using var blackhole = await _lab.InjectAsync("pg-blackhole");
        await _lab.FaultAsync("db-exit", on: false);
        StandinWrites.ResetLostWrites(_lab);
        try
        {
            // when
            var up = await _lab.ComposeAsync(["up", "-d"], ["naive.override.yml"], TimeSpan.FromMinutes(2));

            // then: compose succeeded and Stalwart runs, while its netns cannot reach Postgres
            up.EnsureSuccess("compose up with naive.override.yml");
            Assert.True(await _lab.IsRunningAsync(_lab.Config.StalwartService), "compose released Stalwart");
            Assert.Equal("healthy", await _lab.InspectAsync(_lab.Config.SidecarService, "{{.State.Health.Status}}"));
            Assert.False((await SidecarProbe.ConnectPostgresAsync(_lab)).Succeeded, "the route to Postgres is dead");

            if (!_lab.Topology.StandinIsPlaceholder)
            {
                // and a write made now is lost: the stand-in answers, but the store is down
                await StandinWrites.WriteASettingAsync(_lab, TimeSpan.FromSeconds(20));
                await LabEnvironment.WaitUntilAsync("the stand-in to count a lost write",
                    _ => Task.FromResult(StandinWrites.LostWrites(_lab) > 0), TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            await blackhole.DisposeAsync();
            await _lab.ResetStackAsync();
        }
    }

    [Fact]
    public async Task In_exit_mode_stalwart_started_into_the_gap_exits_and_docker_restart_loops_it()
    {
        // given: what 0.15/0.16 really do when the store is unreachable at boot
        await using var blackhole = await _lab.InjectAsync("pg-blackhole");
        await using var exitMode = await _lab.InjectAsync("db-exit");
        if (_lab.Topology.StandinIsPlaceholder)
        {
            return; // the placeholder image (no stand-in project) has no store to fail
        }

        try
        {
            // when
            (await _lab.ComposeAsync(["up", "-d"], ["naive.override.yml"], TimeSpan.FromMinutes(2))).EnsureSuccess("compose up");

            // then: the store connect times out (blackhole), the process exits 1 and is restarted
            await LabEnvironment.WaitUntilAsync("the stand-in to exit 1 and be restarted", async ct =>
                await _lab.InspectAsync(_lab.Config.StalwartService, "{{.RestartCount}}", ct) is var n && n.Length > 0 && n != "0",
                TimeSpan.FromSeconds(60));
            var logs = await LabEnvironment.RunAsync("docker", ["logs", (await _lab.ContainerIdAsync(_lab.Config.StalwartService))!], null, TimeSpan.FromSeconds(10));
            Assert.Contains("error connecting to server", logs.StandardOutput + logs.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await exitMode.DisposeAsync();
            await blackhole.DisposeAsync();
            await _lab.ResetStackAsync();
        }
    }

    [Fact]
    public async Task With_the_fixed_healthcheck_compose_holds_stalwart_back_until_postgres_is_reachable()
    {
        // given
        var blackhole = await _lab.InjectAsync("pg-blackhole");
        try
        {
            // when: compose up with the lab's (fixed) healthcheck, Postgres unreachable for 12 s
            var up = _lab.ComposeAsync(["up", "-d"], timeout: TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromSeconds(12));
            var heldBack = !await _lab.IsRunningAsync(_lab.Config.StalwartService);
            var sidecarHealth = await _lab.InspectAsync(_lab.Config.SidecarService, "{{.State.Health.Status}}");
            await blackhole.DisposeAsync();
            var result = await up;

            // then
            Assert.True(heldBack, "Stalwart must not start while the route is dead");
            Assert.Equal("starting", sidecarHealth);
            result.EnsureSuccess("compose up once Postgres is reachable");
            Assert.True(await _lab.IsRunningAsync(_lab.Config.StalwartService));
        }
        finally
        {
            await blackhole.DisposeAsync();
            await _lab.ResetStackAsync();
        }
    }
}
