using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Tui;

/// <summary>
/// Issue 18: at 80×24, in a real terminal, `q` while a bring-up runs against the lab asks first and
/// says what would be left half-done; answering no keeps tailwart and the bring-up going, which then
/// ends as `tailwart up` would say it. The stack is reset afterwards (stopped, as `up` leaves it).
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class BringUpQuitTests(LabFixture fixture) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-quit-").FullName;

    public Task InitializeAsync() => _lab.ResetStackAsync();

    public async Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        await _lab.ResetStackAsync();
    }

    [Fact]
    public async Task Q_during_a_bring_up_asks_first_and_no_keeps_it_going()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "tailwart.dll");
        // The compose CLI the bring-up runs is found on this test's PATH, not the tmux server's.
        await using var tmux = await TmuxSession.StartAsync($"env XDG_STATE_HOME={_dir}/state HOME={_dir} TUI_CONFIG= PATH={Environment.GetEnvironmentVariable("PATH")} dotnet {dll} --config {_lab.ConfigPath}", width: 80, height: 24);
        await tmux.WaitForAsync("Services");

        // when: the bring-up is confirmed and q comes straight after
        await tmux.TypeAsync("U");
        await tmux.WaitForAsync("Press y to go");
        await tmux.TypeAsync("y");
        await tmux.WaitForAsync("bring-up of");
        await tmux.TypeAsync("q");

        // then: it asks, naming what would be left half-done; n keeps everything going
        string question = await tmux.WaitForAsync("Quit now?");
        Assert.Contains("the bring-up", question, StringComparison.Ordinal);
        Assert.Contains("half-done", question, StringComparison.Ordinal);
        await tmux.TypeAsync("n");
        await tmux.WaitForAsync("cancelled; nothing was changed");
        (_, bool dead) = await tmux.PaneProcessAsync();
        Assert.False(dead, "tailwart ended although the question was answered no");
        // the bring-up goes on to its end, named as the CLI names the steps
        string end = await tmux.WaitForAsync(s => s.Contains("stalwart verified", StringComparison.Ordinal) || s.Contains("FAILED", StringComparison.Ordinal) || s.Contains("bring-up failed", StringComparison.Ordinal), "the bring-up's end", TimeSpan.FromMinutes(3));
        // At 24 rows the overlay follows the tail, so the early steps may have scrolled away: what is on
        // screen must use the CLI's step names, never the enum's.
        Assert.Matches("(sidecar|stalwart|route) (started|healthy|verified)", end);
        foreach (string raw in new[] { "SidecarStarted", "SidecarHealthy", "RouteVerified", "StalwartStarted", "StalwartVerified" })
            Assert.DoesNotContain(raw, end, StringComparison.Ordinal);
        await tmux.TypeAsync("q");
    }
}
