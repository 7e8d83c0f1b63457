using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;
using Xunit.Abstractions;

namespace Tailwart.IntegrationTests.Tui;

/// <summary>
/// Issue 10 item 2: dockerd restarts while the TUI runs against the lab in a real terminal (tmux).
/// The TUI must survive, and its panes must resume within 5 s of the daemon answering again: the
/// services pane shows the containers' new start, and a line a container writes after the restart
/// shows in the Logs pane. The daemon is restarted the way the lab runs it (SIGTERM, wait for exit,
/// 20 s away, `setsid dockerd`). Containers stop with the daemon (no live-restore); the lab's restart
/// policy brings them back and the test starts the ones it reads itself once the daemon answers; the
/// panes' clock starts when those run again, so what is timed is the TUI, not compose (how long the
/// containers took is reported beside it). The stack is reset afterwards.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DockerdRestartTests(LabFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Resume = TimeSpan.FromSeconds(5);

    /// <summary>Long enough that a client backing off while the daemon is away (1, 2, 4, 8, 16 s…) would be asleep when it returns.</summary>
    private static readonly TimeSpan Away = TimeSpan.FromSeconds(20);
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-dockerd-").FullName;

    public async Task InitializeAsync()
    {
        (await _lab.ComposeAsync(["up", "-d"], timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("compose up -d");
        await LabEnvironment.WaitUntilAsync("the sidecar and the edge to run", async ct =>
            await _lab.IsRunningAsync(_lab.Config.SidecarService, ct) && await _lab.IsRunningAsync(_lab.Config.EdgeService, ct), TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        // dockerd must be back for the next tests whatever happened here (`up` starts it when it is not)
        await _lab.UpAsync();
        await _lab.ResetStackAsync();
    }

    [Fact]
    public async Task The_tui_survives_a_dockerd_restart_and_its_panes_resume_within_5_s()
    {
        // given: the TUI on the lab's running stack, its panes live
        string sidecar = _lab.Config.SidecarService, edge = _lab.Config.EdgeService;
        string dll = Path.Combine(AppContext.BaseDirectory, "tailwart.dll");
        await using var tmux = await TmuxSession.StartAsync($"env XDG_STATE_HOME={_dir}/state HOME={_dir} TUI_CONFIG= dotnet {dll} --config {_lab.ConfigPath}", width: 200, height: 50);
        string screen = await tmux.WaitForAsync(s => StartOf(s, sidecar) is not null && StartOf(s, edge) is not null, "the sidecar and the edge running in the services pane", TimeSpan.FromSeconds(60));
        string sidecarBefore = StartOf(screen, sidecar)!, edgeBefore = StartOf(screen, edge)!;
        TimeSpan baseline = await WriteAndSeeAsync(tmux, sidecar, "before");
        (int pid, _) = await tmux.PaneProcessAsync();

        // when: dockerd stops and stays away for a while (as during an upgrade of docker), then starts
        await LabDockerd.RestartAsync(_lab, Away);
        await LabDockerd.WaitAnsweringAsync(TimeSpan.FromSeconds(60));
        var answering = Stopwatch.StartNew();
        await StartAsync(sidecar);
        await StartAsync(edge);
        TimeSpan started = answering.Elapsed;

        // then: the services pane shows both containers' new start
        await tmux.WaitForAsync(s => StartOf(s, sidecar) is { } a && a != sidecarBefore && StartOf(s, edge) is { } b && b != edgeBefore,
            "the services pane to show the sidecar and the edge started again", TimeSpan.FromSeconds(30));
        // The panes are timed from the moment the containers they show run again: nothing can show a start before
        // it happens, and the test's own `compose start` (3.3 s on a loaded box) is compose, not the TUI.
        TimeSpan services = answering.Elapsed - started;
        // … and a line the sidecar writes now shows in the Logs pane
        TimeSpan logLine = await WriteAndSeeAsync(tmux, sidecar, "after");
        TimeSpan logs = answering.Elapsed - started;
        (int pidAfter, bool dead) = await tmux.PaneProcessAsync();

        string figures = $"dockerd restart (away {Away.TotalSeconds:0} s): containers running again {started.TotalSeconds:0.00} s after the daemon answered; services pane resumed {services.TotalSeconds:0.00} s after that, "
            + $"Logs pane {logs.TotalSeconds:0.00} s after that (the new line took {logLine.TotalSeconds:0.00} s; before the restart {baseline.TotalSeconds:0.00} s, {logLine / baseline:0.0}×)";
        output.WriteLine(figures);
        Figures.Add("dockerd-restart.services-resume-ms", (long)services.TotalMilliseconds);
        Figures.Add("dockerd-restart.logs-resume-ms", (long)logs.TotalMilliseconds);
        Figures.Add("dockerd-restart.log-line-ms", (long)logLine.TotalMilliseconds);
        Figures.Add("dockerd-restart.log-line-before-ms", (long)baseline.TotalMilliseconds);

        Assert.False(dead, "the TUI's process ended during the dockerd restart");
        Assert.Equal(pid, pidAfter);
        Assert.True(Directory.Exists($"/proc/{pid}"), $"the TUI (pid {pid}) is gone");
        Assert.True(services <= Resume, $"services pane resumed {services.TotalSeconds:0.00} s after the containers ran again (> 5 s). {figures}");
        Assert.True(logs <= Resume, $"Logs pane resumed {logs.TotalSeconds:0.00} s after the containers ran again (> 5 s). {figures}");
    }

    /// <summary>The "up since HH:MM:SSZ" of a running service's row in the services pane, or null.</summary>
    private static string? StartOf(string screen, string service)
    {
        Match m = Regex.Match(screen, $@"{Regex.Escape(service)}\s+running\s+\S+\s+up since (\d\d:\d\d:\d\dZ)");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>Writes a unique line to the container's stdout (its PID 1's, so it is in `docker logs`) and times it to the screen.</summary>
    private async Task<TimeSpan> WriteAndSeeAsync(TmuxSession tmux, string service, string tag)
    {
        string marker = $"tw-dockerd-{tag}-{Guid.NewGuid():N}"[..32];
        var clock = Stopwatch.StartNew();
        (await _lab.ExecAsync(service, ["sh", "-c", $"echo {marker} >/proc/1/fd/1"])).EnsureSuccess("write a line to the sidecar's log");
        await tmux.WaitForAsync(s => s.Contains(marker, StringComparison.Ordinal), $"'{marker}' in the Logs pane", TimeSpan.FromSeconds(30));
        return clock.Elapsed;
    }

    /// <summary>`docker start` (a no-op when the restart policy already started it).</summary>
    private async Task StartAsync(string service)
    {
        string id = await _lab.ContainerIdAsync(service) ?? throw new InvalidOperationException($"{service} has no container");
        (await LabEnvironment.RunAsync("docker", ["start", id], null, TimeSpan.FromSeconds(60))).EnsureSuccess($"docker start {service}");
        await LabEnvironment.WaitUntilAsync($"{service} to run", ct => _lab.IsRunningAsync(service, ct), TimeSpan.FromSeconds(30));
    }

    /// <summary>Figures for the closing block of tests/run (the file the reliability tests append to).</summary>
    private static class Figures
    {
        public static void Add(string name, long value)
        {
            string? file = Environment.GetEnvironmentVariable("TAILWART_RELIABILITY_FIGURES");
            if (!string.IsNullOrEmpty(file))
                File.AppendAllText(file, string.Create(CultureInfo.InvariantCulture, $"{name} {value}\n"));
        }
    }
}
