using Tailwart.Cli;
using Tailwart.Tui;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;

namespace Tailwart.Tests.Reliability;

/// <summary>The TUI, composed by the real CLI, headless: every screen and the Certs, Bans and Checks panes after a run, scanned for canaries.</summary>
[Trait("Category", "Reliability")]
public sealed class TuiCanaryTests
{
    [Theory]
    [InlineData(SecretSource.Environment, true)]
    [InlineData(SecretSource.File, false)]
    [InlineData(SecretSource.Inline, true)]
    public async Task No_tui_screen_shows_a_secret(SecretSource source, bool success)
    {
        // given
        await using var stack = new CanaryLab(source, success);
        var scanner = new CanaryScanner(stack.Values.Values.ToList());
        var screens = new List<string>();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var variables = new Dictionary<string, string>(stack.Environment) { ["XDG_STATE_HOME"] = stack.State.Path, ["HOME"] = stack.State.Path };
        var env = new CliEnvironment(stdout, stderr, variables, stack.State.Path, true);

        // when
        int code = await TailwartCli.RunAsync(["--config", stack.ConfigPath], env, (options, backend) => Capture(options, backend, screens));
        foreach (var (screen, i) in screens.Select((s, i) => (s, i)))
            scanner.Scan($"screen {i}", screen);
        scanner.Scan("stdout", stdout.ToString());
        scanner.Scan("stderr", stderr.ToString());
        scanner.ScanFiles(stack.State.Path, stack.SecretFiles);

        // then
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.True(screens.Count >= 6, $"{screens.Count} screens captured");
        Assert.True(scanner.Record() == 0, string.Join('\n', scanner.Leaks));
    }

    private static int Capture(TuiOptions options, TuiBackend backend, List<string> screens)
    {
        using IApplication app = Application.Create();
        app.Init(DriverRegistry.Names.ANSI);
        app.Driver!.SetScreenSize(160, 50);
        using var window = new MainWindow(app, options, backend);
        app.Begin(window);
        string Screen() { window.Tick(); app.LayoutAndDraw(); return app.Driver!.ToString()!; }

        screens.Add(Screen());
        app.InjectKey(window.Keys.Help);
        screens.Add(Screen());
        app.InjectKey(Key.Esc);
        var panes = new (string Command, Tailwart.Tui.Panes.ReportPane Pane)[] { ("certs", window.Certs), ("bans", window.Bans), ("checks", window.Checks) };
        foreach (var (command, pane) in panes)
        {
            window.RunCommand(command);
            screens.Add(Screen());
            // The pane's own Run hands its lines to the UI loop; headless, run the same function and show its lines here.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            pane.Show(pane.Source!(deadline.Token).GetAwaiter().GetResult());
            screens.Add(Screen());
            screens.Add(pane.BodyText);
            // Every line's detail (what Enter opens) is on screen too: no secret there either.
            screens.AddRange(pane.Body.Lines.Select(l => l.Detail).Distinct());
        }
        window.RunCommand("nonsense");
        screens.Add(Screen());
        return 0;
    }
}
