using Terminal.Gui.Input;

namespace Tailwart.Tui.Keys;

/// <summary>
/// Every key binding in one table (lazydocker's habit): the status bar, the `?` help and the
/// handlers all read it, so they cannot disagree. Global keys come from tailwart.json.
/// </summary>
public sealed class KeyMap
{
    public const string Global = "global";
    public const string Logs = "Logs";
    public const string Certs = "Certs";
    public const string Bans = "Bans";
    public const string Checks = "Checks";
    public const string Probes = "Probes";

    public KeyMap(Tailwart.Core.Config.KeyBindings configured)
    {
        Quit = KeyNames.Parse(configured.Quit, Key.Q.WithCtrl);
        Help = KeyNames.Parse(configured.Help, new Key('?'));
        Command = KeyNames.Parse(configured.Command, new Key(':'));
        BringUp = KeyNames.Parse(configured.BringUp, Key.U.WithShift);
        Refresh = KeyNames.Parse(configured.Refresh, Key.F5);
        All =
        [
            new(Quit, "Quit", "leave tailwart (nothing keeps running)", Global),
            new(Help, "Help", "list every key", Global),
            new(Command, "Command", "command mode: q, theme NAME, logs|certs|bans|checks|probes, search RE, filter RE, exclude RE, level LEVEL, follow, export PATH, up, probe [PORT…|all] [edge|netns], key-test, help", Global),
            new(BringUp, "Bring-up", "the gated bring-up wizard (sidecar → route → Stalwart)", Global),
            new(Refresh, "Refresh", "refresh the focused pane (within its budget)", Global),
            new(Key.F2, "Theme", "next theme", Global),
            new(new Key('/'), "Search", "search the log (regex)", Logs),
            new(new Key('n'), "Next", "next search match", Logs),
            new(new Key('N'), "Prev", "previous search match", Logs),
            new(new Key('f'), "Follow", "pause / follow the log", Logs),
            new(new Key('e'), "Error", "jump to the next error or known signature", Logs),
            new(new Key('i'), "Incl", "show only lines matching a regex", Logs),
            new(new Key('x'), "Excl", "hide lines matching a regex", Logs),
            new(new Key('l'), "Level", "cycle the minimum level", Logs),
            new(new Key('c'), "Clear", "clear search and filters", Logs),
            new(new Key('s'), "Save", "export the visible (filtered) lines to a file", Logs),
            new(new Key('o'), "Older", "load older lines (history on demand)", Logs),
            new(Key.Enter, "Explain", "show the whole line and what it means", Logs),
            new(new Key('u'), "Unban", "unban addresses through the API, then verify (asks once)", Bans),
            new(new Key('a'), "Allow-fix", "add the tailnet range and the WAN IP to the allow-list, then verify (asks once)", Bans),
            new(new Key('F'), "Flush", "restart-to-flush: gate, restart, verify, report flushed vs persisted (asks once)", Bans),
            new(new Key('r'), "Reload", "ask Stalwart to reload its certificates (asks once)", Certs),
            new(new Key('p'), "Probe", "probe chosen ports and paths (F5: every port, both paths), within the probe budget", Probes),
            new(new Key('k'), "Key test", "test the Spaceship key once (masked fields when tailwart.json's key does not resolve)", Probes),
        ];
    }

    public Key Quit { get; }
    public Key Help { get; }
    public Key Command { get; }
    public Key BringUp { get; }
    public Key Refresh { get; }

    public IReadOnlyList<Binding> All { get; }

    public IEnumerable<Binding> For(string scope) => All.Where(b => b.Scope == scope);
}
