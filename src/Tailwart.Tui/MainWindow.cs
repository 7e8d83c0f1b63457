using Tailwart.Core.Logs;
using Tailwart.Tui.Keys;
using Tailwart.Tui.Logs;
using Tailwart.Tui.Panes;
using Tailwart.Tui.Probes;
using Tailwart.Tui.Theming;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui;

/// <summary>
/// The shell: services on top, tabs Logs · Certs · Bans · Checks · Probes, the focused pane's keys, an inline
/// `:` command line and the status bar. Global keys come from tailwart.json through the key map.
/// With --read-only every action is refused, and the refusal says so.
/// </summary>
public sealed class MainWindow : Window
{
    private readonly IApplication _app;
    private readonly TuiOptions _options;
    private readonly TuiBackend _backend;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Tabs _tabs = new() { X = 0, Width = Dim.Fill(), Height = Dim.Fill(3) };
    private readonly Label _paneKeys = new() { X = 0, Width = Dim.Fill(), Height = 1 };
    private readonly Label _message = new() { X = 0, Width = Dim.Fill(), Height = 1, HotKeySpecifier = new System.Text.Rune(0xFFFF) };
    private readonly PromptLine _command = new();
    private readonly HelpOverlay _help;
    private readonly BringUpOverlay _bringUp = new();
    private readonly KeyTestForm _keyTest = new();
    private readonly ProbeActions _probeActions;
    private Action? _pending;

    public MainWindow(IApplication app, TuiOptions options, TuiBackend backend)
    {
        _app = app;
        _options = options;
        _backend = backend;
        Keys = new KeyMap(options.Config.Ui.Keybindings);
        Title = $"tailwart · {options.Config.Compose.ProjectName ?? options.Config.Compose.ProjectDirectory}{(options.ReadOnly ? " · READ-ONLY" : "")}";

        Services = new ServicesPane { X = 0, Y = 0, Width = Dim.Fill(), Height = 5 };
        Logs = new LogsPane(backend.Logs, options.Color, backend.LoadOlderLogs is { } older ? n => older(n, _lifetime.Token) : null);
        Certs = new ReportPane("_Certs", "Certs: what each hostname is served on 25/587/465/143/993/443, through the edge and inside the sidecar; CAA/DNS-01 truth; the Let's Encrypt budget. F5 runs one sweep (within the probe budget).", backend.Certs);
        Bans = new ReportPane("_Bans", "Bans: who Stalwart has banned and why (proxied client IP on mail, socket IP on :8080 — lesson 3), the allow-list audit, unban and restart-to-flush.", backend.Bans);
        Checks = new ReportPane("C_hecks", "Checks: compose lint (lessons 1 and 6) and the DNS checks behind the other panes. F5 runs them.", backend.Checks);
        Probes = new ReportPane("_Probes", "Probes: one protocol-correct conversation per port (25 587 465 143 993 443 8080), through the edge and inside the sidecar, within the probe budget shared with the CLI (one per target and port per interval). F5 probes every port, p chosen ones; k tests the Spaceship key (lesson 2).", null);
        _probeActions = new ProbeActions(app, backend, options.ReadOnly, Probes, _keyTest, Say, () => _tabs.Value = Probes);
        _tabs.Y = Pos.Bottom(Services);
        _tabs.Add(Logs, Certs, Bans, Checks, Probes);
        _tabs.Value = Logs;
        _tabs.ValueChanged += (_, _) => ShowPaneKeys();
        _paneKeys.Y = Pos.Bottom(_tabs);
        _message.Y = Pos.Bottom(_paneKeys);
        _command.Y = Pos.Bottom(_paneKeys);
        _help = new HelpOverlay(Keys);
        var status = new StatusBar(
        [
            new Shortcut(Keys.Quit, "Quit", () => app.RequestStop()),
            new Shortcut(Keys.Refresh, "Refresh", RefreshFocused),
            new Shortcut(Key.F2, "Theme", NextTheme),
        ]);
        Add(Services, _tabs, _paneKeys, _message, _command, status, _help, _bringUp, _keyTest);
        ShowPaneKeys();
        // The log is what an admin reads first; its keys work without a click or a Tab.
        Logs.View.SetFocus();
        // A pending question takes the very next key, before any pane can read it as its own.
        app.Keyboard.KeyDown += AnswerPending;
    }

    public KeyMap Keys { get; }
    public ServicesPane Services { get; }
    public LogsPane Logs { get; }
    public ReportPane Certs { get; }
    public ReportPane Bans { get; }
    public ReportPane Checks { get; }
    public ReportPane Probes { get; }
    public KeyTestForm KeyTestView => _keyTest;
    public bool HelpVisible => _help.Visible;
    public BringUpOverlay BringUpView => _bringUp;
    public string MessageText => _message.Text;

    /// <summary>Cancelled when the window goes: background work (bring-up, feeds) stops with it.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _app.Keyboard.KeyDown -= AnswerPending;
            _lifetime.Cancel();
            _lifetime.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Called on a timer: pulls new log lines; redraws only when something changed.</summary>
    public void Tick() => Logs.Refresh();

    /// <summary>Runs one `:` command; unknown ones say what exists.</summary>
    public void RunCommand(string line)
    {
        string[] words = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
            return;
        string arg = words.Length > 1 ? words[1] : "";
        switch (words[0].ToLowerInvariant())
        {
            case "q" or "quit": _app.RequestStop(); break;
            case "help": ToggleHelp(); break;
            case "theme": Say(ThemeCatalog.Switch(arg) ? $"theme {arg}" : $"no theme '{arg}'; themes: {string.Join(", ", ThemeCatalog.Names())}"); break;
            case "logs": _tabs.Value = Logs; break;
            case "certs": _tabs.Value = Certs; break;
            case "bans": _tabs.Value = Bans; break;
            case "checks": _tabs.Value = Checks; break;
            case "probes": _tabs.Value = Probes; break;
            case "probe": _probeActions.Probe(arg); break;
            case "key-test": _probeActions.KeyTest(); break;
            case "search": _tabs.Value = Logs; Logs.Search(arg); break;
            case "filter" or "include": _tabs.Value = Logs; Logs.Include(arg); break;
            case "exclude": _tabs.Value = Logs; Logs.Exclude(arg); break;
            case "level": _tabs.Value = Logs; Level(arg); break;
            case "follow": _tabs.Value = Logs; Logs.ToggleFollow(); break;
            case "export": Logs.Export(arg); Say(Logs.Message); break;
            case "refresh": RefreshFocused(); break;
            case "up": BringUp(); break;
            default: Say($"unknown command '{words[0]}': q, help, theme NAME, logs, certs, bans, checks, probes, search RE, filter RE, exclude RE, level LEVEL, follow, export PATH, refresh, up, probe [PORT…|all] [edge|netns], key-test"); break;
        }
    }

    protected override bool OnKeyDown(Key key)
    {
        if (_command.IsOpen || _keyTest.Visible)
            return base.OnKeyDown(key);
        if (_bringUp.Visible && key == Key.Esc)
        {
            _bringUp.Visible = false;
            Logs.View.SetFocus();
            SetNeedsDraw();
            return true;
        }
        if (_help.Visible && (key == Key.Esc || key == Keys.Help))
        {
            ToggleHelp();
            return true;
        }
        if (key == Keys.Help)
        {
            ToggleHelp();
            return true;
        }
        if (key == Keys.Command)
        {
            _command.Open(":", "", RunCommand);
            return true;
        }
        if (key == Keys.BringUp)
        {
            BringUp();
            return true;
        }
        return base.OnKeyDown(key);
    }

    private void BringUp()
    {
        if (_options.ReadOnly)
        {
            Say("read-only: the bring-up was refused (tailwart was started with --read-only)");
            return;
        }
        if (_backend.BringUp is null)
        {
            Say("bring-up is not available in this build");
            return;
        }
        if (_bringUp.Running)
        {
            ShowBringUp();
            return;
        }
        // Starting containers changes the box: ask once, naming what will happen.
        Ask($"Bring-up: start {_options.Config.Services.Sidecar}, verify the Postgres route from its netns with a real login, then start {_options.Config.Services.Stalwart}?", StartBringUp);
    }

    /// <summary>The Bans tab's actions; each asks once and is refused under --read-only.</summary>
    private bool PaneAction(Key key)
    {
        if (key == new Key('u'))
        {
            _command.Open("unban: ", "", text =>
            {
                var addresses = text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
                if (addresses.Length > 0)
                    Act("unban", $"Unban {string.Join(", ", addresses)} through Stalwart's API (delete + reload), then re-read to verify?", _backend.Unban is { } unban ? ct => unban(addresses, ct) : null, Bans);
            });
            return true;
        }
        if (key == new Key('a'))
        {
            Act("allow-fix", $"Add {_options.Config.Tailnet.Cidr} and the box's WAN IP to Stalwart's allow-list (then reload and re-read to verify)?", _backend.AllowFix, Bans);
            return true;
        }
        if (key == new Key('F'))
        {
            Act("flush", $"Restart {_options.Config.Services.Stalwart} to flush bans: only after the Postgres route is verified from the sidecar, then verify it and report which bans were flushed?", _backend.FlushBans, Bans);
            return true;
        }
        return false;
    }

    /// <summary>The Probes tab's actions: p asks which ports and paths, k runs the key test.</summary>
    private bool ProbesAction(Key key)
    {
        if (key == new Key('p'))
            _command.Open("probe (PORT… | all) [edge | netns]: ", "", _probeActions.Probe);
        else if (key == new Key('k'))
            _probeActions.KeyTest();
        else
            return false;
        return true;
    }

    private bool ReloadCertificates()
    {
        Act("certificate reload", "Ask Stalwart to reload its TLS certificates?", _backend.ReloadCertificates, Certs);
        return true;
    }

    /// <summary>Refuses under --read-only; otherwise asks once, then runs in the background and reports, and refreshes <paramref name="pane"/>.</summary>
    private void Act(string name, string question, Func<CancellationToken, Task<string>>? action, ReportPane pane)
    {
        if (_options.ReadOnly)
        {
            Say($"read-only: {name} was refused (tailwart was started with --read-only)");
            return;
        }
        if (action is null)
        {
            Say($"{name} is not available in this build");
            return;
        }
        Ask(question, () =>
        {
            Say($"{name}: running…");
            _ = Task.Run(async () =>
            {
                string outcome;
                try
                {
                    outcome = await action(_lifetime.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // The outcome is shown, whatever it is; the TUI stays up.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    outcome = "failed: " + e.Message;
                }
                _app.Invoke(() =>
                {
                    Say($"{name}: {outcome}");
                    pane.Run(_app);
                });
            });
        });
    }

    private void Ask(string question, Action go)
    {
        _pending = go;
        Say(question + " Press y to go, any other key to cancel.");
    }

    private void AnswerPending(object? sender, Key key)
    {
        // The report panes' text views would swallow their action keys; take them first here.
        if (_pending is null && !_command.IsOpen && !_help.Visible && !_keyTest.Visible &&
            (_tabs.Value == Bans && PaneAction(key) || _tabs.Value == Certs && key == new Key('r') && ReloadCertificates() || _tabs.Value == Probes && ProbesAction(key)))
        {
            key.Handled = true;
            return;
        }
        if (_pending is not { } go)
            return;
        _pending = null;
        key.Handled = true;
        if (key == new Key('y') || key == new Key('Y'))
            go();
        else
            Say("cancelled; nothing was changed");
    }

    private void StartBringUp()
    {
        _bringUp.Start($"bring-up of {_options.Config.Compose.ProjectName ?? _options.Config.Compose.ProjectDirectory}: Stalwart is released only after a verified PostgreSQL login");
        ShowBringUp();
        Say("bring-up running (Esc hides the steps; U shows them again)");
        var progress = new Progress<string>(step => _app.Invoke(() => _bringUp.Append(step)));
        var backend = _backend.BringUp!;
        _ = Task.Run(async () =>
        {
            string outcome;
            try
            {
                outcome = await backend(progress, _lifetime.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The outcome is shown, whatever it is; the TUI stays up.
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = "bring-up failed: " + e.Message;
            }
            _app.Invoke(() =>
            {
                _bringUp.Finish(outcome);
                Say(outcome);
            });
        });
    }

    private void ShowBringUp()
    {
        _bringUp.Visible = true;
        _bringUp.SetFocus();
        SetNeedsDraw();
    }

    private void RefreshFocused()
    {
        if (_keyTest.Visible)
            return;
        if (_tabs.Value == Probes)
            _probeActions.Probe("");
        else if (_tabs.Value is ReportPane report)
            report.Run(_app);
        else
            Logs.Refresh();
    }

    private void NextTheme()
    {
        var names = ThemeCatalog.Names();
        if (names.Count == 0)
            return;
        string next = names[(names.ToList().IndexOf(ThemeCatalog.Current) + 1) % names.Count];
        Say(ThemeCatalog.Switch(next) ? $"theme {next}" : $"theme {next} is not available");
    }

    private void Level(string name)
    {
        if (Enum.TryParse(name, ignoreCase: true, out LogSeverity level))
            Logs.Level(level);
        else
            Say($"level must be one of: {string.Join(", ", Enum.GetNames<LogSeverity>())}");
    }

    private void ToggleHelp()
    {
        _help.Visible = !_help.Visible;
        if (_help.Visible)
            _help.SetFocus();
        else
            _tabs.SetFocus();
        SetNeedsDraw();
    }

    private void ShowPaneKeys()
    {
        string scope = _tabs.Value == Logs ? KeyMap.Logs : _tabs.Value == Certs ? KeyMap.Certs : _tabs.Value == Bans ? KeyMap.Bans : _tabs.Value == Probes ? KeyMap.Probes : KeyMap.Checks;
        var keys = Keys.For(scope).Select(b => $"{b.Key} {b.Name}").ToList();
        if (scope != KeyMap.Logs)
            keys.Add($"{Keys.Refresh} Run");
        keys.AddRange([$"{Keys.Help} Help", $"{Keys.Command} Cmd", $"{Keys.BringUp} Up"]);
        _paneKeys.Text = string.Join("  ", keys);
        SetNeedsDraw();
    }

    private void Say(string text)
    {
        _message.Text = text;
        SetNeedsDraw();
    }
}
