using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Logs;
using Tailwart.Core.Presenting;
using Tailwart.Tests.Presenting;
using Tailwart.Tui;
using Tailwart.Tui.Keys;
using Tailwart.Tui.Panes;
using Terminal.Gui.Input;

namespace Tailwart.Tests.Tui;

/// <summary>
/// The TUI at the size an SSH session from a phone or a laptop gives it, 80×24 (and 120×40, 200×50):
/// nothing cut without a way to read it, every service visible, help scrollable to its last key,
/// and keys that work from every pane after every action.
/// </summary>
[Collection(TuiTestGroup.Name)]
public sealed class SmallScreenTests
{
    private static readonly ServiceRow[] Stack =
    [
        new("ts-stalwart", "running", "healthy", "3h12m", 0, "login verified (PostgreSQL from the sidecar's netns, 12 ms)") { Diagnosis = "netns fresh" },
        new("stalwart", "restarting", "unhealthy", "4s", 7, null) { Diagnosis = "restart loop: 7 restarts in 5 min; its store does not answer (PostgreSQL refused the login)" },
        new("postgres", "running", "healthy", "3h15m", 0, null),
        new("edge", "running", "-", "3h11m", 0, null),
    ];

    private static TuiBackend Backend(Func<CancellationToken, Task<string>>? bringUpWait = null) => new(new LogRingBuffer(1000, 1 << 20))
    {
        Certs = _ => Task.FromResult(Samples.Sweep((_, _, _) => Samples.Fallback(), [Samples.LongFinding()])),
        Checks = _ => Task.FromResult<IReadOnlyList<CheckResult>>([new("lint", "Compose lint", CheckOutcome.Completed, TimeSpan.FromSeconds(0.2), [Samples.LongFinding(Severity.Warning)])]),
        Bans = _ => Task.FromResult<IReadOnlyList<PresentedLine>>([PresentedLine.Plain("no bans")]),
        Probe = (path, port, _) => Task.FromResult(new Tailwart.Core.Probes.ProbeResult(path, "127.0.0.1", port, Tailwart.Core.Probes.ProbeProtocol.Smtp, false, TimeSpan.FromMilliseconds(1), null, null, false, "connection refused")),
        ProbePaths = ["netns"],
    };

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    [InlineData(200, 50)]
    public void Every_service_keeps_one_row_abbreviated_and_the_tabs_stay_in_view(int width, int height)
    {
        using var tui = new TuiHarness(backend: Backend(), width: width, height: height);

        tui.Window.Services.Apply(Stack);
        var rows = tui.Region(tui.Window.Services);
        string screen = tui.Screen();

        Assert.Equal(Stack.Length, rows.Count);
        for (int i = 0; i < Stack.Length; i++)
            Assert.StartsWith(Stack[i].Name, rows[i], StringComparison.Ordinal);
        Assert.Contains("route: login", rows[0], StringComparison.Ordinal);
        Assert.Contains("restart", rows[1], StringComparison.Ordinal);
        Assert.Contains("Logs", screen, StringComparison.Ordinal);
        Assert.All(screen.Split('\n'), r => Assert.True(r.TrimEnd('\r').Length <= width, r));
        // What a row had to cut is there in full on one key.
        tui.Press(Key.S.WithShift);
        Assert.Contains("its store does not answer (PostgreSQL refused the login)", tui.Flat(tui.Window.DetailView.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void Esc_on_the_main_screen_closes_nothing_quits_nothing_and_says_how_to_quit()
    {
        using var tui = new TuiHarness(backend: Backend(), width: 80, height: 24);
        bool quit = false;
        tui.App.Keyboard.KeyDown += (_, k) => quit |= k == Key.Esc && !k.Handled;

        tui.Press(Key.Esc);

        Assert.False(quit, "Esc reached Terminal.Gui's quit binding");
        Assert.Contains("Esc closes what is open; Ctrl+Q or q quits", tui.Window.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void Esc_in_a_real_run_loop_leaves_tailwart_running()
    {
        using var app = Terminal.Gui.App.Application.Create();
        app.Init(Terminal.Gui.Drivers.DriverRegistry.Names.ANSI);
        app.Driver!.SetScreenSize(80, 24);
        var options = new TuiOptions(new Tailwart.Core.Config.ConfigLoader(() => []).Load(Tailwart.Tests.Support.RepoPaths.File("tailwart.json")).Config!, ReadOnly: false, Color: true);
        using var window = new MainWindow(app, options, Backend());
        int iterations = 0;
        bool survived = false;
        app.Iteration += (_, _) =>
        {
            iterations++;
            if (iterations == 1)
                Terminal.Gui.Testing.InputInjectionExtensions.InjectKey(app, Key.Esc);
            if (iterations == 20)
            {
                survived = true;
                app.RequestStop();
            }
        };
        app.AddTimeout(TimeSpan.FromSeconds(10), () => { app.RequestStop(); return false; });

        app.Run(window);

        Assert.True(survived, $"the run loop ended after {iterations} iterations: Esc quit");
    }

    [Fact]
    public void Colon_question_mark_and_slash_work_in_every_pane_after_F5()
    {
        using var tui = new TuiHarness(backend: Backend(), width: 80, height: 24);

        foreach (var (pane, i) in tui.Window.Panes.Select((p, i) => (p, i)))
        {
            tui.Press(new Key((char)('1' + i)));
            Assert.Same(pane, tui.Window.Tabs.Value);
            tui.Press(Key.F5);
            tui.WaitFor(() => pane is not ReportPane r || !r.IsRunning, $"F5 in {tui.Window.Scope}");
            tui.Screen();

            tui.Press(new Key(':'));
            Assert.True(tui.Window.CommandLine.IsOpen, $": after F5 in {tui.Window.Scope}");
            tui.Press(Key.Esc);
            Assert.False(tui.Window.CommandLine.IsOpen);
            tui.Press(new Key('?'));
            Assert.True(tui.Window.HelpVisible, $"? after F5 in {tui.Window.Scope}");
            tui.Press(Key.Esc);
            Assert.False(tui.Window.HelpVisible);
            tui.Press(new Key(':'));
            tui.Type(KeyMap.Tabs[i].Pane.ToLowerInvariant());
            tui.Press(Key.Enter);
            Assert.Same(pane, tui.Window.Tabs.Value);
        }
        tui.Press(Key.F2);
        tui.Press(new Key('2'));
        tui.Press(new Key('/'));
        Assert.Same(tui.Window.Logs, tui.Window.Tabs.Value);
        Assert.True(tui.Window.Logs.PromptOpen, "/ from the Certs tab opens the log search");
    }

    [Fact]
    public void Tab_and_shift_tab_cycle_the_tabs_and_the_status_bar_says_so()
    {
        using var tui = new TuiHarness(width: 80, height: 24);

        tui.Press(Key.Tab);
        Assert.Same(tui.Window.Certs, tui.Window.Tabs.Value);
        tui.Press(Key.Tab.WithShift);
        tui.Press(Key.Tab.WithShift);
        Assert.Same(tui.Window.Probes, tui.Window.Tabs.Value);
        Assert.Contains("1-5 Tabs", tui.Screen(), StringComparison.Ordinal);
        Assert.StartsWith("? all keys", tui.Window.PaneKeysText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void A_findings_whole_fix_opens_on_enter_at_any_size(int width, int height)
    {
        using var tui = new TuiHarness(backend: Backend(), width: width, height: height);
        tui.Press(new Key('4'));
        tui.Press(Key.F5);
        tui.WaitFor(() => !tui.Window.Checks.IsRunning, "the checks");
        string fix = Samples.LongFinding().Fix;
        Assert.DoesNotContain(fix, tui.Flat(tui.Window.Checks.Body), StringComparison.Ordinal);

        int fixLine = tui.Window.Checks.Body.Lines.ToList().FindIndex(l => l.Text.StartsWith("  fix:", StringComparison.Ordinal));
        for (int i = 0; i < fixLine; i++)
            tui.Press(Key.CursorDown);
        tui.Press(Key.Enter);

        Assert.True(tui.Window.DetailView.Visible);
        Assert.Contains(fix, tui.Flat(tui.Window.DetailView.Body), StringComparison.Ordinal);
        Assert.Contains("[certs.fallback-served]", tui.Flat(tui.Window.DetailView.Body), StringComparison.Ordinal);
        tui.Press(Key.Esc);
        Assert.False(tui.Window.DetailView.Visible);
    }

    [Fact]
    public void Help_scrolls_with_page_down_to_its_last_key_and_lists_every_binding_on_the_way()
    {
        using var tui = new TuiHarness(width: 80, height: 24);
        tui.Press(new Key('?'));
        var seen = new System.Text.StringBuilder(tui.Flat(tui.Window.HelpView.Body));
        Assert.DoesNotContain("End of help", seen.ToString(), StringComparison.Ordinal);

        for (int i = 0; i < 20 && !seen.ToString().Contains("End of help", StringComparison.Ordinal); i++)
        {
            tui.Press(Key.PageDown);
            seen.Append(' ').Append(tui.Flat(tui.Window.HelpView.Body));
        }

        Assert.Contains("End of help", seen.ToString(), StringComparison.Ordinal);
        foreach (var binding in tui.Window.Keys.All)
            Assert.Contains(binding.Description[..Math.Min(24, binding.Description.Length)], seen.ToString(), StringComparison.Ordinal);
        foreach (var command in KeyMap.Typed)
            Assert.Contains(":" + command.Usage, seen.ToString(), StringComparison.Ordinal);
        tui.Press(Key.CursorUp);
        tui.Press(Key.Home);
        Assert.Contains("Everywhere", tui.Flat(tui.Window.HelpView.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void Certs_is_a_matrix_that_says_the_fallback_once_and_opens_a_row_in_full()
    {
        using var tui = new TuiHarness(backend: Backend(), width: 80, height: 24);
        tui.Press(new Key('2'));
        tui.Press(Key.F5);
        tui.WaitFor(() => !tui.Window.Certs.IsRunning, "the sweep");

        string pane = string.Join('\n', tui.Region(tui.Window.Certs.Body));
        Assert.Contains("✗ edge: all 36 endpoints serve Stalwart's rcgen fallback: lesson 1", pane, StringComparison.Ordinal);
        Assert.Contains("A:FB", pane, StringComparison.Ordinal);

        tui.Press(Key.CursorDown);
        tui.Press(Key.CursorDown);
        tui.Press(Key.Enter);
        string detail = tui.Flat(tui.Window.DetailView.Body);
        Assert.Contains("edge autoconfig.example.test:25", detail, StringComparison.Ordinal);
        Assert.Contains("sha256 " + new string('f', 20), detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Certs_cell_cursor_moves_over_one_hostname_and_port_and_Enter_opens_that_cell_alone()
    {
        using var tui = new TuiHarness(backend: Backend(), width: 80, height: 24);
        tui.Press(new Key('2'));
        tui.Press(Key.F5);
        tui.WaitFor(() => !tui.Window.Certs.IsRunning, "the sweep");

        // given: the first hostname row of the edge matrix, its cursor moved two cells right (port 25 → 443)
        tui.Press(Key.CursorDown);
        tui.Press(Key.CursorDown);
        tui.Press(Key.CursorRight);
        tui.Press(Key.CursorRight);
        PresentedCell cell = tui.Window.Certs.Body.SelectedCell!;
        string row = tui.Region(tui.Window.Certs.Body)[2];
        Assert.Equal("A:FB", row.Substring(cell.Start, cell.Width).Trim());

        // the cursor is that one cell on screen: its columns drawn apart from the rest of the row
        tui.Screen();
        var area = tui.Window.Certs.Body.ViewportToScreen();
        var cells = tui.App.Driver!.Contents!;
        var inCell = cells[area.Y + 2, area.X + cell.Start + cell.Width - 1].Attribute;
        Assert.NotEqual(cells[area.Y + 2, area.X + cell.Start - 1].Attribute, inCell);
        Assert.NotEqual(cells[area.Y + 2, area.X + cell.Start + cell.Width].Attribute, inCell);

        // when Enter: the detail is that hostname × port alone, in full
        tui.Press(Key.Enter);
        string detail = tui.Flat(tui.Window.DetailView.Body);
        Assert.Contains("edge autoconfig.example.test:443", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("autoconfig.example.test:25 (", detail, StringComparison.Ordinal);
        Assert.Contains("sha256 " + new string('f', 20), detail, StringComparison.Ordinal);

        // then: Esc closes it, the cursor stays on its column when ↓ moves to the next hostname, and ← stops at the first port
        tui.Press(Key.Esc);
        tui.Press(Key.CursorDown);
        Assert.Same(tui.Window.Certs.Body.Selected!.Cells[2], tui.Window.Certs.Body.SelectedCell);
        for (int i = 0; i < 5; i++)
            tui.Press(Key.CursorLeft);
        Assert.Same(tui.Window.Certs.Body.Selected!.Cells[0], tui.Window.Certs.Body.SelectedCell);
        Assert.Same(tui.Window.Certs, tui.Window.Tabs.Value);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("monochrome")]
    public void A_failure_line_differs_from_a_plain_one_by_its_symbol_and_by_the_themes_attribute(string theme)
    {
        try
        {
            Tailwart.Tui.Theming.ThemeCatalog.Apply(theme, color: theme != "monochrome");
            using var tui = new TuiHarness(backend: Backend(), width: 80, height: 24, color: theme != "monochrome");
            tui.Press(new Key('4'));
            tui.Window.Checks.Show([new PresentedLine("✗ failure: broken [x.y]", Severity.Failure, "d"), new PresentedLine("! warning: careful [x.z]", Severity.Warning, "d"), PresentedLine.Plain("plain line"), PresentedLine.Plain("selected line")]);
            tui.Window.Checks.Body.SelectedIndex = 3;
            tui.Screen();
            var area = tui.Window.Checks.Body.ViewportToScreen();
            var cells = tui.App.Driver!.Contents!;

            Terminal.Gui.Drawing.Attribute? At(int row) => cells[area.Y + row, area.X + 2].Attribute;

            Assert.NotEqual(At(2), At(0));
            Assert.NotEqual(At(2), At(1));
            Assert.StartsWith("✗", tui.Region(tui.Window.Checks.Body)[0], StringComparison.Ordinal);
            Assert.StartsWith("!", tui.Region(tui.Window.Checks.Body)[1], StringComparison.Ordinal);
        }
        finally
        {
            Tailwart.Tui.Theming.ThemeCatalog.Apply("default", color: true);
        }
    }

    [Fact]
    public void Every_key_and_every_command_has_a_handler()
    {
        using var tui = new TuiHarness();

        var missing = tui.Window.Keys.All.Select(b => b.Command).Concat(KeyMap.Typed.Select(c => c.Command)).Where(id => !tui.Window.Commands.Ids.Contains(id)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void The_readme_key_list_is_the_key_table()
    {
        using var tui = new TuiHarness();
        string readme = File.ReadAllText(Tailwart.Tests.Support.RepoPaths.File("README.md"));
        string table = HelpText.Markdown(tui.Window.Keys);

        Assert.True(readme.Contains(table, StringComparison.Ordinal), "README.md's key list differs from the key table; it should read:\n" + table);
    }

    [Fact]
    public async Task Quitting_during_a_bring_up_asks_once_and_says_what_is_left_half_done()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var time = new FakeTimeProvider(Samples.Now);
        var backend = Backend() with
        {
            BringUp = async (progress, ct) =>
            {
                progress.Report(new BringUpEvent(BringUpStep.SidecarStarted, StepStatus.Succeeded, TimeSpan.FromSeconds(1), "ts-stalwart started", Samples.Now.AddSeconds(1)));
                progress.Report(new BringUpEvent(BringUpStep.SidecarHealthy, StepStatus.Started, TimeSpan.FromSeconds(2), "waiting for ts-stalwart's health check (tailscale status Running)", Samples.Now.AddSeconds(2)));
                return await release.Task.WaitAsync(ct);
            },
        };
        using var tui = new TuiHarness(backend: backend, width: 80, height: 24, time: time);
        tui.Press(tui.Window.Keys.BringUp);
        Assert.True(tui.Window.Question.Pending);
        Assert.Contains("verify the Postgres route", tui.Flat(tui.Window.Question.View.Body), StringComparison.Ordinal);
        tui.Press(new Key('y'));
        tui.WaitFor(() => tui.Window.BringUpView.Lines.Any(l => l.Contains("waiting", StringComparison.Ordinal)), "the waiting step");
        time.Advance(TimeSpan.FromSeconds(12));
        tui.Window.BringUpView.Tick();

        string overlay = tui.Flat(tui.Window.BringUpView);
        Assert.Contains("sidecar started ok ts-stalwart started", overlay, StringComparison.Ordinal);
        Assert.Contains("[ 12.0s] sidecar healthy waiting 10s so far: waiting for ts-stalwart's health check", overlay, StringComparison.Ordinal);
        Assert.DoesNotContain("SidecarHealthy", overlay, StringComparison.Ordinal);

        tui.Press(Key.Esc);
        Assert.False(tui.Window.BringUpView.Visible);
        tui.Press(new Key('q'));
        Assert.True(tui.Window.Question.Pending, "q while the bring-up runs must ask");
        Assert.Contains("the sidecar is up but Stalwart is not started", tui.Window.Question.Text, StringComparison.Ordinal);
        tui.Press(new Key('n'));
        Assert.Contains("cancelled", tui.Window.MessageText, StringComparison.Ordinal);

        release.SetResult("Verified: Stalwart released");
        tui.WaitFor(() => !tui.Window.BringUpView.Running, "the bring-up's end");
        Assert.Empty(tui.Window.Runner.Running);
        await Task.CompletedTask;
    }

    [Fact]
    public void Wrapped_bring_up_lines_keep_the_evidence_column()
    {
        using var tui = new TuiHarness(width: 80, height: 24);
        tui.Window.BringUpView.Start("header");
        tui.Window.BringUpView.Append(new BringUpEvent(BringUpStep.RouteVerified, StepStatus.Succeeded, TimeSpan.FromSeconds(9), "PostgreSQL login as stalwart from ts-stalwart's netns to postgres:5432 verified in 12 ms (SELECT 1 answered)", Samples.Now));
        tui.Window.BringUpView.Visible = true;

        var rows = tui.Region(tui.Window.BringUpView).Where(r => r.Length > 0).ToList();
        int first = rows.FindIndex(r => r.Contains("route verified", StringComparison.Ordinal));

        Assert.True(first >= 0 && first + 1 < rows.Count, string.Join('\n', rows));
        Assert.Matches("^ {36}[^ ]", rows[first + 1]);
    }
}
