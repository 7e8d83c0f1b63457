using Tailwart.Core.BringUp;
using Tailwart.Core.Logs;
using Tailwart.Core.Presenting;
using Tailwart.Tui.Keys;
using Tailwart.Tui.Panes;
using Tailwart.Tui.Probes;
using Tailwart.Tui.Theming;
using Terminal.Gui.App;

namespace Tailwart.Tui.Shell;

/// <summary>
/// The handler table: one handler per command id, for keys and `:` commands alike. A handler gets
/// the command's argument ("" from a key). Actions that change the box ask once, are refused under
/// --read-only, and run through the one <see cref="BackgroundRunner"/>.
/// </summary>
public sealed class ShellCommands
{
    private readonly IApplication _app;
    private readonly MainWindow _w;
    private readonly TuiBackend _backend;
    private readonly ProbeActions _probes;
    private readonly Dictionary<string, Action<string>> _handlers;

    public ShellCommands(IApplication app, MainWindow window, TuiBackend backend)
    {
        _app = app;
        _w = window;
        _backend = backend;
        _probes = new ProbeActions(backend, window.Options.ReadOnly, window.Probes, window.KeyTestView, window.Say, () => window.Show(window.Probes));
        _handlers = new(StringComparer.Ordinal)
        {
            [CommandIds.Quit] = _ => Quit(),
            [CommandIds.Close] = _ => Close(),
            [CommandIds.Help] = _ => ToggleHelp(),
            [CommandIds.CommandLine] = _ => _w.CommandLine.Open(":", "", RunTyped),
            [CommandIds.BringUp] = _ => BringUp(),
            [CommandIds.Refresh] = _ => Refresh(),
            [CommandIds.NextTheme] = _ => NextTheme(),
            [CommandIds.Theme] = name => _w.Say(ThemeCatalog.Switch(name) ? $"theme {name}" : $"no theme '{name}'; themes: {string.Join(", ", ThemeCatalog.Names())}"),
            [CommandIds.NextTab] = _ => Tab(+1),
            [CommandIds.PreviousTab] = _ => Tab(-1),
            [CommandIds.Open] = _ => Open(),
            [CommandIds.ServicesDetail] = _ => _w.DetailView.Open("Services in full (Esc closes)", _w.Services.Detail()),
            [CommandIds.Explain] = _ => _w.Logs.ExplainSelected(),
            [CommandIds.SearchPrompt] = _ => InLogs(_w.Logs.PromptSearch),
            [CommandIds.Search] = re => InLogs(() => _w.Logs.Search(re)),
            [CommandIds.NextMatch] = _ => _w.Logs.NextMatch(),
            [CommandIds.PreviousMatch] = _ => _w.Logs.PreviousMatch(),
            [CommandIds.Follow] = _ => InLogs(_w.Logs.ToggleFollow),
            [CommandIds.NextError] = _ => _w.Logs.NextError(),
            [CommandIds.IncludePrompt] = _ => _w.Logs.PromptInclude(),
            [CommandIds.Include] = re => InLogs(() => _w.Logs.Include(re)),
            [CommandIds.ExcludePrompt] = _ => _w.Logs.PromptExclude(),
            [CommandIds.Exclude] = re => InLogs(() => _w.Logs.Exclude(re)),
            [CommandIds.CycleLevel] = _ => _w.Logs.CycleLevel(),
            [CommandIds.Level] = level => InLogs(() => Level(level)),
            [CommandIds.ClearFilters] = _ => _w.Logs.ClearFilters(),
            [CommandIds.ExportPrompt] = _ => _w.Logs.PromptExport(),
            [CommandIds.Export] = path => { _w.Logs.Export(path); _w.Say(_w.Logs.Message); },
            [CommandIds.Older] = _ => _w.Logs.LoadOlder(),
            [CommandIds.Unban] = _ => Unban(),
            [CommandIds.AllowFix] = _ => Act("allow-fix", $"Add {_w.Options.Config.Tailnet.Cidr} and the box's WAN IP to Stalwart's allow-list (then reload and re-read to verify)?", backend.AllowFix, _w.Bans),
            [CommandIds.Flush] = _ => Act("flush", $"Restart {_w.Options.Config.Services.Stalwart} to flush bans: only after the Postgres route is verified from the sidecar, then verify it and report which bans were flushed?", backend.FlushBans, _w.Bans),
            [CommandIds.ReloadCertificates] = _ => Act("certificate reload", "Ask Stalwart to reload its TLS certificates?", backend.ReloadCertificates, _w.Certs),
            [CommandIds.Probe] = _probes.Probe,
            [CommandIds.ProbePrompt] = _ => _w.CommandLine.Open("probe (PORT… | all) [edge | netns]: ", "", _probes.Probe),
            [CommandIds.KeyTest] = _ => _probes.KeyTest(),
        };
        foreach (var (pane, command) in KeyMap.Tabs)
            _handlers[command] = _ => _w.Show(_w.Panes[KeyMap.Tabs.ToList().FindIndex(t => t.Pane == pane)]);
    }

    /// <summary>The command ids that have a handler (a test checks every binding's id is here).</summary>
    public IReadOnlyCollection<string> Ids => _handlers.Keys;

    public void Run(string command, string argument)
    {
        if (_handlers.TryGetValue(command, out var handler))
            handler(argument);
        else
            _w.Say($"'{command}' has no handler in this build");
    }

    /// <summary>Runs one `:` line through the command table.</summary>
    public void RunTyped(string line)
    {
        string[] words = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
            return;
        if (KeyMap.FindTyped(words[0]) is { } typed)
            Run(typed.Command, words.Length > 1 ? words[1] : "");
        else
            _w.Say($"unknown command '{words[0]}': {string.Join(", ", KeyMap.Typed.Select(c => c.Usage))}");
    }

    private void Quit()
    {
        var running = _w.Runner.Running;
        if (running.Count == 0)
        {
            _app.RequestStop();
            return;
        }
        _w.Question.Ask($"Quit now? Still running: {string.Join("; ", running)}. Quitting stops {(running.Count == 1 ? "it" : "them")} half-done.", _app.RequestStop);
    }

    /// <summary>Esc: the topmost thing open closes; with nothing open, a reminder of how to quit.</summary>
    private void Close()
    {
        if (_w.CommandLine.IsOpen)
            _w.CommandLine.Close();
        else if (_w.Logs.PromptOpen)
            _w.Logs.ClosePrompt();
        else if (_w.KeyTestView.Visible)
            _w.KeyTestView.Close();
        else if (_w.DetailView.Visible)
            _w.DetailView.Close();
        else if (_w.HelpView.Visible)
            _w.HelpView.Close();
        else if (_w.BringUpView.Visible)
            _w.BringUpView.Visible = false;
        else
        {
            _w.Say($"Esc closes what is open; {KeyNames.Show(_w.Keys.Quit)} or q quits");
            return;
        }
        _w.Show(_w.Tabs.Value!);
    }

    private void ToggleHelp()
    {
        if (_w.HelpView.Visible)
            Close();
        else
            _w.HelpView.Open("Help: every key and command (↑↓ PgUp PgDn scroll · Esc or ? closes)", HelpText.Lines(_w.Keys));
    }

    private void Tab(int by)
    {
        int i = _w.Panes.ToList().IndexOf(_w.Tabs.Value!);
        _w.Show(_w.Panes[(i + by + _w.Panes.Count) % _w.Panes.Count]);
    }

    private void Open()
    {
        if (_w.Tabs.Value is ReportPane pane && !pane.OpenSelected())
            _w.Say("nothing to open on this line");
    }

    private void InLogs(Action action)
    {
        _w.Show(_w.Logs);
        action();
    }

    private void Refresh()
    {
        if (_w.Tabs.Value == _w.Probes)
            _probes.Probe("");
        else if (_w.Tabs.Value is ReportPane report)
            report.Run();
        else
            _w.Logs.Refresh();
    }

    private void NextTheme()
    {
        var names = ThemeCatalog.Names();
        if (names.Count == 0)
            return;
        string next = names[(names.ToList().IndexOf(ThemeCatalog.Current) + 1) % names.Count];
        _w.Say(ThemeCatalog.Switch(next) ? $"theme {next}" : $"theme {next} is not available");
    }

    private void Level(string name)
    {
        if (Enum.TryParse(name, ignoreCase: true, out LogSeverity level))
            _w.Logs.Level(level);
        else
            _w.Say($"level must be one of: {string.Join(", ", Enum.GetNames<LogSeverity>())}");
    }

    private void Unban() => _w.CommandLine.Open("unban: ", "", text =>
    {
        var addresses = text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (addresses.Length > 0)
            Act("unban", $"Unban {string.Join(", ", addresses)} through Stalwart's API (delete + reload), then re-read to verify?", _backend.Unban is { } unban ? ct => unban(addresses, ct) : null, _w.Bans);
    });

    private bool Refused(string name)
    {
        if (_w.Options.ReadOnly)
            _w.Say($"read-only: {name} was refused (tailwart was started with --read-only)");
        return _w.Options.ReadOnly;
    }

    /// <summary>Refuses under --read-only; otherwise asks once, runs in the background, reports, and refreshes <paramref name="pane"/>.</summary>
    private void Act(string name, string question, Func<CancellationToken, Task<string>>? action, ReportPane pane)
    {
        if (Refused(name))
            return;
        if (action is null)
        {
            _w.Say($"{name} is not available in this build");
            return;
        }
        _w.Question.Ask(question, () =>
        {
            _w.Say($"{name}: running…");
            _w.Runner.Run(() => $"{name} (it may be applied but not verified)", action, e => "failed: " + e.Message, outcome =>
            {
                _w.Say($"{name}: {outcome}");
                pane.Run();
            });
        });
    }

    private void BringUp()
    {
        if (Refused("the bring-up"))
            return;
        if (_backend.BringUp is not { } bringUp)
        {
            _w.Say("bring-up is not available in this build");
            return;
        }
        if (_w.BringUpView.Running)
        {
            ShowBringUp();
            return;
        }
        var services = _w.Options.Config.Services;
        // Starting containers changes the box: ask once, naming what will happen.
        _w.Question.Ask($"Bring-up: start {services.Sidecar}, verify the Postgres route from its netns with a real login, then start {services.Stalwart}?", () =>
        {
            _w.BringUpView.Start($"bring-up of {_w.Options.Config.Compose.ProjectName ?? _w.Options.Config.Compose.ProjectDirectory}: Stalwart is released only after a verified PostgreSQL login");
            ShowBringUp();
            _w.Say("bring-up running (Esc hides the steps; U shows them again)");
            var progress = new Progress<BringUpEvent>(e => _app.Invoke(() => _w.BringUpView.Append(e)));
            // The waiting step's timer: one redraw a second while the bring-up runs, none after.
            _app.AddTimeout(TimeSpan.FromSeconds(1), _w.BringUpView.Tick);
            _w.Runner.Run(() => "the bring-up: " + BringUpPresenter.HalfDone(_w.BringUpView.Last), ct => bringUp(progress, ct), e => "bring-up failed: " + e.Message, outcome =>
            {
                _w.BringUpView.Finish(outcome);
                _w.Say(outcome);
            });
        });
    }

    private void ShowBringUp()
    {
        _w.BringUpView.Visible = true;
        _w.BringUpView.SetFocus();
        _w.SetNeedsDraw();
    }
}
