using Terminal.Gui.Input;

namespace Tailwart.Tui.Keys;

/// <summary>
/// Every key binding in one table (lazydocker's habit): the status bar, the `?` help, the README's key
/// list and the key router all read it, so they cannot disagree. Each binding names a command id; the
/// handlers are looked up by that id (<see cref="Shell.ShellCommands"/>). Configurable keys come from
/// tailwart.json; `q` quits besides the configured key, as in lazydocker and k9s.
/// </summary>
public sealed class KeyMap
{
    public const string Global = "global";
    public const string Logs = "Logs";
    public const string Certs = "Certs";
    public const string Bans = "Bans";
    public const string Checks = "Checks";
    public const string Probes = "Probes";

    /// <summary>The tabs in order; their number is their key.</summary>
    public static readonly IReadOnlyList<(string Pane, string Command)> Tabs =
        [(Logs, CommandIds.TabLogs), (Certs, CommandIds.TabCerts), (Bans, CommandIds.TabBans), (Checks, CommandIds.TabChecks), (Probes, CommandIds.TabProbes)];

    public KeyMap(Tailwart.Core.Config.KeyBindings configured)
    {
        Quit = KeyNames.Parse(configured.Quit, Key.Q.WithCtrl);
        Help = KeyNames.Parse(configured.Help, new Key('?'));
        Command = KeyNames.Parse(configured.Command, new Key(':'));
        BringUp = KeyNames.Parse(configured.BringUp, Key.U.WithShift);
        Refresh = KeyNames.Parse(configured.Refresh, Key.F5);
        var all = new List<Binding>
        {
            new(Quit, CommandIds.Quit, "Quit", "leave tailwart; asks first while a bring-up or an action runs, naming what would be left half-done", Global),
        };
        if (Quit != new Key('q'))
            all.Add(new(new Key('q'), CommandIds.Quit, "Quit", "the same as " + KeyNames.Show(Quit), Global));
        all.AddRange(
        [
            new(Key.Esc, CommandIds.Close, "Close", "close whatever is open (prompt, form, detail, help, bring-up steps); never quits", Global),
            new(Help, CommandIds.Help, "Help", "list every key (PageUp/PageDown and the arrows scroll)", Global),
            new(Command, CommandIds.CommandLine, "Cmd", "the command line (see the commands below)", Global),
            new(new Key('/'), CommandIds.SearchPrompt, "Search", "search the log (regex); from any tab, it opens the Logs tab", Global),
            new(BringUp, CommandIds.BringUp, "Up", "the gated bring-up wizard (sidecar → route → Stalwart)", Global),
            new(Refresh, CommandIds.Refresh, "Refresh", "run the focused pane again (within its budget)", Global),
            new(Key.F2, CommandIds.NextTheme, "Theme", "next theme", Global),
            new(Key.S.WithShift, CommandIds.ServicesDetail, "Services", "every service's row in full (route level, diagnosis)", Global),
            new(Key.Tab, CommandIds.NextTab, "Next tab", "the next tab", Global),
            new(Key.Tab.WithShift, CommandIds.PreviousTab, "Prev tab", "the previous tab", Global),
        ]);
        all.AddRange(Tabs.Select((t, i) => new Binding(new Key((char)('1' + i)), t.Command, t.Pane, $"the {t.Pane} tab", Global)));
        all.AddRange(
        [
            new(new Key('n'), CommandIds.NextMatch, "Next", "next search match", Logs),
            new(new Key('N'), CommandIds.PreviousMatch, "Prev", "previous search match", Logs),
            new(new Key('f'), CommandIds.Follow, "Follow", "pause / follow the log", Logs),
            new(new Key('e'), CommandIds.NextError, "Error", "jump to the next error or known signature", Logs),
            new(new Key('i'), CommandIds.IncludePrompt, "Incl", "show only lines matching a regex", Logs),
            new(new Key('x'), CommandIds.ExcludePrompt, "Excl", "hide lines matching a regex", Logs),
            new(new Key('l'), CommandIds.CycleLevel, "Level", "cycle the minimum level", Logs),
            new(new Key('c'), CommandIds.ClearFilters, "Clear", "clear search and filters", Logs),
            new(new Key('s'), CommandIds.ExportPrompt, "Save", "export the visible (filtered) lines to a file", Logs),
            new(new Key('o'), CommandIds.Older, "Older", "load older lines (history on demand)", Logs),
            new(Key.Enter, CommandIds.Explain, "Explain", "show the whole line and what it means", Logs),
            new(new Key('r'), CommandIds.ReloadCertificates, "Reload", "ask Stalwart to reload its certificates (asks once)", Certs),
            new(new Key('u'), CommandIds.Unban, "Unban", "unban addresses through the API, then verify (asks once)", Bans),
            new(new Key('a'), CommandIds.AllowFix, "Allow-fix", "add the tailnet range and the WAN IP to the allow-list, then verify (asks once)", Bans),
            new(new Key('F'), CommandIds.Flush, "Flush", "restart-to-flush: gate, restart, verify, report flushed vs persisted (asks once)", Bans),
            new(new Key('p'), CommandIds.ProbePrompt, "Probe", "probe chosen ports and paths (F5: every port, both paths), within the probe budget", Probes),
            new(new Key('k'), CommandIds.KeyTest, "Key test", "test the Spaceship key once (masked fields when tailwart.json's key does not resolve)", Probes),
        ]);
        foreach (string pane in new[] { Certs, Bans, Checks, Probes })
            all.Add(new(Key.Enter, CommandIds.Open, "Open", "the selected line in full (a finding's evidence and fix; in the certs matrix the one cell under the cursor, which ←/→ move)", pane));
        All = all;
    }

    public Key Quit { get; }
    public Key Help { get; }
    public Key Command { get; }
    public Key BringUp { get; }
    public Key Refresh { get; }

    public IReadOnlyList<Binding> All { get; }

    /// <summary>The `:` commands; they run the same handlers as the keys.</summary>
    public static IReadOnlyList<TypedCommand> Typed { get; } =
    [
        new(["q", "quit"], CommandIds.Quit, "", "leave tailwart (asks first while something runs)"),
        new(["help"], CommandIds.Help, "", "list every key and command"),
        new(["theme"], CommandIds.Theme, "NAME", "switch the theme (default, high-contrast, monochrome)"),
        new(["logs"], CommandIds.TabLogs, "", "the Logs tab"),
        new(["certs"], CommandIds.TabCerts, "", "the Certs tab"),
        new(["bans"], CommandIds.TabBans, "", "the Bans tab"),
        new(["checks"], CommandIds.TabChecks, "", "the Checks tab"),
        new(["probes"], CommandIds.TabProbes, "", "the Probes tab"),
        new(["search"], CommandIds.Search, "RE", "search the log"),
        new(["filter", "include"], CommandIds.Include, "RE", "show only log lines matching RE"),
        new(["exclude"], CommandIds.Exclude, "RE", "hide log lines matching RE"),
        new(["level"], CommandIds.Level, "LEVEL", "minimum log level (Unknown, Info, Warn, Error)"),
        new(["follow"], CommandIds.Follow, "", "pause / follow the log"),
        new(["export"], CommandIds.Export, "PATH", "write the shown log lines to PATH (never overwrites)"),
        new(["refresh"], CommandIds.Refresh, "", "run the focused pane again"),
        new(["up"], CommandIds.BringUp, "", "the gated bring-up"),
        new(["probe"], CommandIds.Probe, "[PORT…|all] [edge|netns]", "probe ports over paths, within the budget"),
        new(["key-test"], CommandIds.KeyTest, "", "test the Spaceship key once"),
    ];

    public IEnumerable<Binding> For(string scope) => All.Where(b => b.Scope == scope);

    /// <summary>The binding <paramref name="key"/> has in <paramref name="scope"/>, else globally; null when none.</summary>
    public Binding? Find(Key key, string scope) =>
        All.FirstOrDefault(b => b.Scope == scope && b.Key == key) ?? All.FirstOrDefault(b => b.Scope == Global && b.Key == key);

    public static TypedCommand? FindTyped(string word) =>
        Typed.FirstOrDefault(c => c.Words.Contains(word.ToLowerInvariant(), StringComparer.Ordinal));
}
