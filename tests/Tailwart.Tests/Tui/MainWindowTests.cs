using Tailwart.Tests.Support;
using Tailwart.Tui;
using Tailwart.Tui.Theming;
using Terminal.Gui.Input;

namespace Tailwart.Tests.Tui;

[Collection(TuiTestGroup.Name)]
public sealed class MainWindowTests
{
    [Fact]
    public void The_shell_shows_services_the_four_tabs_and_the_keys_that_work_here()
    {
        using var tui = new TuiHarness();

        string screen = tui.Screen();

        Assert.Contains("Services", screen, StringComparison.Ordinal);
        foreach (string tab in new[] { "Logs", "Certs", "Bans", "Checks" })
            Assert.Contains(tab, screen, StringComparison.Ordinal);
        Assert.Contains("n Next", screen, StringComparison.Ordinal);
        Assert.Contains("1-5 Tabs", screen, StringComparison.Ordinal);
        Assert.Contains("Quit", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_of_several_services_are_merged_in_time_order_with_their_prefix()
    {
        using var tui = new TuiHarness();
        tui.Log(2, "stalwart", "2026-11-25T03:00:02Z INFO Network listener started (network.listen-start) listenerId = \"smtp\"");
        tui.Log(1, "ts-stalwart", "tailscaled: registered");

        string screen = tui.Screen();

        int sidecar = screen.IndexOf("tailscaled: registered", StringComparison.Ordinal);
        int stalwart = screen.IndexOf("listener started", StringComparison.Ordinal);
        Assert.True(sidecar > 0 && stalwart > sidecar, screen);
        Assert.Contains("2 lines · 2 shown · 0 dropped · FOLLOW", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_jumps_to_the_match_and_n_and_N_move_between_matches()
    {
        using var tui = new TuiHarness();
        for (int i = 0; i < 50; i++)
            tui.Log(i, "stalwart", i % 10 == 3 ? $"match number {i}" : $"quiet line {i}");
        tui.Screen();

        tui.Press(new Key('/'));
        tui.Type("match");
        tui.Press(Key.Enter);
        Assert.Equal("match number 43", tui.Window.Logs.View.Selected!.Text);

        tui.Press(new Key('n'));
        Assert.Contains("no further match", tui.Window.Logs.Message, StringComparison.Ordinal);
        tui.Press(new Key('N'));
        Assert.Equal("match number 33", tui.Window.Logs.View.Selected!.Text);
        Assert.Contains("search /match/", tui.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Include_exclude_and_level_filters_narrow_the_view()
    {
        using var tui = new TuiHarness();
        tui.Log(1, "stalwart", "2026-11-25T03:00:01Z INFO hello (x.y)");
        tui.Log(2, "stalwart", "2026-11-25T03:00:02Z WARN careful (x.y)");
        tui.Log(3, "stalwart", "2026-11-25T03:00:03Z ERROR broken (x.y)");
        tui.Screen();

        tui.Press(new Key('l'));
        tui.Press(new Key('l'));
        Assert.Equal(2, tui.Window.Logs.View.Shown.Count);
        tui.Press(new Key('x'));
        tui.Type("careful");
        tui.Press(Key.Enter);
        Assert.Equal("2026-11-25T03:00:03Z ERROR broken (x.y)", Assert.Single(tui.Window.Logs.View.Shown).Text);
        Assert.Contains("exclude /careful/", tui.Screen(), StringComparison.Ordinal);
        tui.Press(new Key('c'));
        Assert.Equal(3, tui.Window.Logs.View.Shown.Count);
    }

    [Fact]
    public void A_bad_regex_says_what_is_wrong_and_changes_nothing()
    {
        using var tui = new TuiHarness();
        tui.Log(1, "stalwart", "one");
        tui.Screen();

        tui.Press(new Key('i'));
        tui.Type("([");
        tui.Press(Key.Enter);

        Assert.Contains("is not a regular expression", tui.Window.Logs.Message, StringComparison.Ordinal);
        Assert.Single(tui.Window.Logs.View.Shown);
    }

    [Fact]
    public void Next_error_lands_on_a_known_signature_and_explains_it_with_its_lesson()
    {
        using var tui = new TuiHarness();
        tui.Log(1, "stalwart", "2026-11-25T03:00:01Z INFO fine (x.y)");
        tui.Log(2, "stalwart", "2026-11-25T03:00:02Z WARN Task failed (task-manager.task-failed) reason = \"DNS error: Failed to set DNS RRSet: Unauthorized\"");
        tui.Log(3, "stalwart", "2026-11-25T03:00:03Z INFO fine again (x.y)");
        tui.Screen();
        tui.Press(Key.Home);

        tui.Press(new Key('e'));
        string screen = tui.Screen();

        Assert.Contains("Failed to set DNS RRSet", tui.Window.Logs.View.Selected!.Text, StringComparison.Ordinal);
        Assert.Contains("(lesson 2)", screen, StringComparison.Ordinal);
        Assert.True(screen.Contains("key-test", StringComparison.Ordinal), screen);
    }

    [Fact]
    public void The_ring_buffer_bound_shows_as_dropped_lines()
    {
        var buffer = new Tailwart.Core.Logs.LogRingBuffer(1000, 1 << 20);
        using var tui = new TuiHarness(backend: new TuiBackend(buffer));
        for (int i = 0; i < 1500; i++)
            tui.Log(i, "stalwart", $"line {i}");

        Assert.Contains("1000 lines · 1000 shown · 500 dropped", tui.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_lines_are_cut_at_the_edge()
    {
        using var tui = new TuiHarness(width: 80);
        tui.Log(1, "stalwart", "start " + new string('z', 100_000));

        string screen = tui.Screen();

        Assert.Contains("start zzz", screen, StringComparison.Ordinal);
        Assert.Contains("…", screen, StringComparison.Ordinal);
        Assert.All(screen.Split('\n'), row => Assert.True(row.TrimEnd('\r').Length <= 80, row));
    }

    [Fact]
    public void Export_writes_the_shown_lines_and_never_overwrites()
    {
        using var dir = new TempDir();
        using var tui = new TuiHarness();
        tui.Log(1, "stalwart", "keep this");
        tui.Screen();
        string path = Path.Combine(dir.Path, "out.txt");

        tui.Window.RunCommand("export " + path);
        tui.Window.RunCommand("export " + path);

        Assert.Contains("stalwart keep this", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("exists; nothing was written", tui.Window.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_binding_and_esc_closes_it()
    {
        using var tui = new TuiHarness(height: 50);

        tui.Press(new Key('?'));
        string screen = tui.Screen();
        for (int i = 0; i < 10; i++)
        {
            tui.Press(Key.PageDown);
            screen += tui.Screen();
        }

        Assert.True(tui.Window.HelpVisible);
        foreach (var binding in tui.Window.Keys.All)
            Assert.Contains(binding.Description[..Math.Min(20, binding.Description.Length)], screen, StringComparison.Ordinal);
        tui.Press(Key.Esc);
        Assert.False(tui.Window.HelpVisible);
    }

    [Fact]
    public void Read_only_refuses_the_bring_up_and_says_so()
    {
        using var tui = new TuiHarness(readOnly: true);

        tui.Press(tui.Window.Keys.BringUp);

        Assert.Contains("READ-ONLY", tui.Screen(), StringComparison.Ordinal);
        Assert.Contains("read-only: the bring-up was refused", tui.Window.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_mode_switches_tabs_and_explains_unknown_commands()
    {
        using var tui = new TuiHarness();

        tui.Press(new Key(':'));
        tui.Type("checks");
        tui.Press(Key.Enter);
        string screen = tui.Screen();
        tui.Window.RunCommand("frobnicate");

        Assert.Contains("compose lint", screen, StringComparison.Ordinal);
        Assert.Contains("unknown command 'frobnicate'", tui.Window.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void Themes_switch_at_runtime_and_no_color_forces_monochrome()
    {
        Assert.Equal(["default", "high-contrast", "monochrome"], ThemeCatalog.Names());

        Assert.Equal("monochrome", ThemeCatalog.Apply("default", color: false));
        Assert.Equal("monochrome", ThemeCatalog.Current);
        using var tui = new TuiHarness();
        tui.Window.RunCommand("theme high-contrast");
        Assert.Equal("high-contrast", ThemeCatalog.Current);
        tui.Window.RunCommand("theme pink");
        Assert.Contains("no theme 'pink'", tui.Window.MessageText, StringComparison.Ordinal);
        ThemeCatalog.Apply("default", color: true);
        Assert.Equal("default", ThemeCatalog.Current);
    }

    [Fact]
    public void The_bring_up_asks_once_naming_what_it_will_do_and_any_other_key_cancels()
    {
        int runs = 0;
        var backend = new TuiBackend(new Tailwart.Core.Logs.LogRingBuffer(1000, 1 << 20)) { BringUp = (_, _) => { Interlocked.Increment(ref runs); return Task.FromResult("Verified"); } };
        using var tui = new TuiHarness(backend: backend);

        tui.Press(tui.Window.Keys.BringUp);
        string question = tui.Window.MessageText;
        tui.Press(new Key('n'));

        Assert.Contains("start ts-stalwart, verify the Postgres route", question, StringComparison.Ordinal);
        Assert.Contains("press y", question, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("cancelled; nothing was changed", tui.Window.MessageText, StringComparison.Ordinal);
        Assert.Equal(0, runs);
        Assert.False(tui.Window.BringUpView.Visible);
    }

    [Fact]
    public async Task Confirming_the_bring_up_opens_the_wizard_and_runs_it_once()
    {
        var started = new TaskCompletionSource();
        var backend = new TuiBackend(new Tailwart.Core.Logs.LogRingBuffer(1000, 1 << 20)) { BringUp = (_, _) => { started.TrySetResult(); return Task.FromResult("Verified"); } };
        using var tui = new TuiHarness(backend: backend);

        tui.Press(tui.Window.Keys.BringUp);
        tui.Press(new Key('y'));
        string screen = tui.Screen();

        Assert.True(tui.Window.BringUpView.Visible);
        Assert.Contains("Bring-up", screen, StringComparison.Ordinal);
        Assert.Contains("released only after a verified PostgreSQL login", screen, StringComparison.Ordinal);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));
        tui.Press(Key.Esc);
        Assert.False(tui.Window.BringUpView.Visible);
    }

    [Fact]
    public void Older_history_is_asked_for_on_demand()
    {
        int asked = 0;
        var backend = new TuiBackend(new Tailwart.Core.Logs.LogRingBuffer(1000, 1 << 20)) { LoadOlderLogs = (n, _) => { asked = n; return Task.CompletedTask; } };
        using var tui = new TuiHarness(backend: backend);

        tui.Press(new Key('o'));

        Assert.Equal(Tailwart.Tui.Logs.LogsPane.OlderStep, asked);
        Assert.Contains("older lines", tui.Window.Logs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_the_bans_tab_unban_asks_once_naming_the_addresses_and_read_only_refuses_it()
    {
        IReadOnlyList<string>? unbanned = null;
        var backend = new TuiBackend(new Tailwart.Core.Logs.LogRingBuffer(1000, 1 << 20)) { Unban = (a, _) => { unbanned = a; return Task.FromResult("removed"); } };
        using var tui = new TuiHarness(backend: backend);
        tui.Window.RunCommand("bans");

        tui.Press(new Key('u'));
        tui.Type("203.0.113.7");
        tui.Press(Key.Enter);
        string question = tui.Window.MessageText;
        tui.Press(new Key('n'));

        Assert.Contains("Unban 203.0.113.7 through Stalwart's API", question, StringComparison.Ordinal);
        Assert.Contains("cancelled; nothing was changed", tui.Window.MessageText, StringComparison.Ordinal);
        Assert.Null(unbanned);

        using var readOnly = new TuiHarness(readOnly: true, backend: backend);
        readOnly.Window.RunCommand("bans");
        readOnly.Press(new Key('a'));
        Assert.Contains("read-only: allow-fix was refused", readOnly.Window.MessageText, StringComparison.Ordinal);
    }
}
