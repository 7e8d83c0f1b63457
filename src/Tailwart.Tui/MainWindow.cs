using Tailwart.Core.Presenting;
using Tailwart.Tui.Keys;
using Tailwart.Tui.Logs;
using Tailwart.Tui.Panes;
using Tailwart.Tui.Probes;
using Tailwart.Tui.Shell;
using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui;

/// <summary>
/// The shell's layout: services on top (one row each), tabs Logs · Certs · Bans · Checks · Probes,
/// the focused pane's keys, a message line or the inline `:` command line, and the status bar. What
/// keys do lives in the key table (<see cref="KeyMap"/>), the handlers in <see cref="ShellCommands"/>,
/// the dispatch in <see cref="KeyRouter"/>; slow work goes through the one <see cref="BackgroundRunner"/>.
/// With --read-only every action is refused, and the refusal says so.
/// </summary>
public sealed class MainWindow : Window
{
    private readonly IApplication _app;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TextBlock _paneKeys = new() { X = 0, Height = 1, Selectable = true, CanFocus = false, HotKeySpecifier = new System.Text.Rune(0xFFFF) };
    private readonly Label _message = new() { X = 0, Width = Dim.Fill(), Height = 1, HotKeySpecifier = new System.Text.Rune(0xFFFF) };
    private readonly KeyRouter _router;

    public MainWindow(IApplication app, TuiOptions options, TuiBackend backend, TimeProvider? time = null)
    {
        _app = app;
        Options = options;
        Keys = new KeyMap(options.Config.Ui.Keybindings);
        Runner = new BackgroundRunner(app, _lifetime.Token);
        Title = $"tailwart · {options.Config.Compose.ProjectName ?? options.Config.Compose.ProjectDirectory}{(options.ReadOnly ? " · READ-ONLY" : "")}";
        BringUpView = new BringUpOverlay(time);
        Services = new ServicesPane { X = 0, Y = 0, Width = Dim.Fill() };
        Logs = new LogsPane(backend.Logs, options.Color, backend.LoadOlderLogs is { } older ? n => older(n, _lifetime.Token) : null);
        Certs = Report("_Certs", "Certs: per path a matrix of hostnames × the TLS ports Stalwart listens on (25/587/465/143/993/443 when its listeners cannot be read), each cell a certificate letter and a verdict; CAA/DNS-01 truth; the Let's Encrypt budget. F5 runs one sweep (within the probe budget); ↑↓←→ move a cursor over the cells, Enter opens one.",
            backend.Certs is { } certs ? async ct => CertsPresenter.Present(await certs(ct).ConfigureAwait(false), DateTimeOffset.UtcNow) : null);
        Bans = Report("_Bans", "Bans: who Stalwart has banned and why (proxied client IP on mail, socket IP on :8080: lesson 3), the allow-list audit, unban and restart-to-flush. F5 reads them.",
            backend.Bans is { } bans ? async ct => await bans(ct).ConfigureAwait(false) : null);
        Checks = Report("C_hecks", "Checks: compose lint (lessons 1 and 6) and the DNS checks behind the other panes. F5 runs them; Enter opens a finding with its whole evidence and fix. + new, ~ changed and - gone compare with the last `tailwart doctor`.",
            backend.Checks is { } checks ? async ct => CheckPresenter.Present(await checks(ct).ConfigureAwait(false), backend.PreviousChecks?.Invoke()) : null);
        Probes = Report("_Probes", "Probes: one protocol-correct conversation per port of Stalwart's own listeners (25 587 465 143 993 443 8080 when they cannot be read), through the edge and inside the sidecar, within the probe budget shared with the CLI. F5 probes every port, p chosen ones; k tests the Spaceship key (lesson 2).", null);
        Tabs.Y = Pos.Bottom(Services);
        Tabs.AddPanes(Logs, Certs, Bans, Checks, Probes);
        Tabs.Value = Logs;
        Tabs.ValueChanged += (_, _) => ShowPaneKeys();
        _paneKeys.Y = Pos.Bottom(Tabs);
        _message.Y = Pos.Bottom(_paneKeys);
        CommandLine.Y = Pos.Bottom(_paneKeys);
        Commands = new ShellCommands(app, this, backend);
        Question = new Question(this);
        _router = new KeyRouter(app, this);
        var status = new StatusBar([.. Keys.All.Where(b => b.Scope == KeyMap.Global && StatusBarCommands.Contains(b.Command) && b.Key != new Terminal.Gui.Input.Key('q'))
            .DistinctBy(b => b.Command).Select(b => new Shortcut(b.Key, b.Command == CommandIds.Quit ? "Quit (q)" : b.Name, () => Commands.Run(b.Command, ""))), new Shortcut(Terminal.Gui.Input.Key.Empty, "1-5 Tabs", null)]);
        Add(Services, Tabs, _paneKeys, _message, CommandLine, status, KeyTestView, DetailView, HelpView, BringUpView, Question.View);
        ShowPaneKeys();
        // The log is what an admin reads first; its keys work without a click or a Tab.
        Logs.View.SetFocus();
    }

    private static readonly string[] StatusBarCommands = [CommandIds.Quit, CommandIds.Help, CommandIds.CommandLine, CommandIds.Refresh, CommandIds.BringUp];

    public TuiOptions Options { get; }
    public KeyMap Keys { get; }
    public BackgroundRunner Runner { get; }
    public ShellCommands Commands { get; }
    public Question Question { get; }
    public PaneTabs Tabs { get; } = new() { X = 0, Width = Dim.Fill(), Height = Dim.Fill(3) };
    public PromptLine CommandLine { get; } = new();
    public ServicesPane Services { get; }
    public LogsPane Logs { get; }
    public ReportPane Certs { get; }
    public ReportPane Bans { get; }
    public ReportPane Checks { get; }
    public ReportPane Probes { get; }
    public IReadOnlyList<View> Panes => [Logs, Certs, Bans, Checks, Probes];
    public KeyTestForm KeyTestView { get; } = new();
    public Overlay HelpView { get; } = new();
    public Overlay DetailView { get; } = new();
    public BringUpOverlay BringUpView { get; }
    public bool HelpVisible => HelpView.Visible;
    public string MessageText => _message.Text;
    public string PaneKeysText => _paneKeys.Lines[0].Text;

    /// <summary>The key table's scope of the tab in front ("Logs", "Certs", …).</summary>
    public string Scope => KeyMap.Tabs[Math.Max(0, Panes.ToList().IndexOf(Tabs.Value!))].Pane;

    /// <summary>Cancelled when the window goes: background work (bring-up, feeds) stops with it.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    // The services, the tabs, the pane's keys, the message line and the status bar cover every cell,
    // so the window is not cleared before they draw (issue 18: clears were 40 % of the first frame).
    protected override bool OnClearingViewport() => true;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _router.Dispose();
            _lifetime.Cancel();
            _lifetime.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Called on a timer: pulls new log lines; redraws only when something changed.</summary>
    public void Tick() => Logs.Refresh();

    /// <summary>Runs one `:` command from the command table; unknown ones say what exists.</summary>
    public void RunCommand(string line) => Commands.RunTyped(line);

    public void Say(string text)
    {
        _message.Text = text;
        SetNeedsDraw();
    }

    /// <summary>Brings a tab to the front and gives its list the keys.</summary>
    public void Show(View pane)
    {
        Tabs.Value = pane;
        (pane == Logs ? (View)Logs.View : ((ReportPane)pane).Body).SetFocus();
        SetNeedsDraw();
    }

    private ReportPane Report(string title, string placeholder, Func<CancellationToken, Task<IReadOnlyList<PresentedLine>>>? source) =>
        new(title, placeholder, source, Runner, (t, text) => DetailView.Open(t, text));

    private void ShowPaneKeys()
    {
        // The help key first: when the line is cut at 80 columns, it says where every key is listed.
        string keys = string.Join("  ", Keys.For(Scope).Select(b => $"{KeyNames.Show(b.Key)} {b.Name}").Prepend($"{KeyNames.Show(Keys.Help)} all keys ·"));
        _paneKeys.SetLines([PresentedLine.Plain(keys)]);
        SetNeedsDraw();
    }
}
