using System.Globalization;
using Tailwart.Core;
using Tailwart.Core.Logs;
using Tailwart.Tui.Keys;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui.Logs;

/// <summary>
/// The Logs tab: the merged log of every service, a status line (lines, shown, dropped, follow,
/// filters), the explanation of the selected line when it is a known signature, and an inline
/// prompt for search, filters and export.
/// </summary>
public sealed class LogsPane : View
{
    private static readonly LogSeverity[] Levels = [LogSeverity.Unknown, LogSeverity.Info, LogSeverity.Warn, LogSeverity.Error];
    private readonly LogRingBuffer _buffer;
    private readonly Label _status = new() { X = 0, Width = Dim.Fill(), Height = 1 };
    private readonly Label _detail = new() { X = 0, Width = Dim.Fill(), Height = 3 };
    private readonly PromptLine _prompt = new();
    private string _message = "";

    private readonly Func<int, Task>? _loadOlder;

    /// <param name="loadOlder">Reads that many more lines of history per service (tail-first: history on demand).</param>
    public LogsPane(LogRingBuffer buffer, bool color, Func<int, Task>? loadOlder = null)
    {
        _buffer = buffer;
        _loadOlder = loadOlder;
        Title = "_Logs";
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        View = new LogView(buffer, color) { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(5) };
        // Log text is data: an underscore is not a hotkey marker.
        _detail.HotKeySpecifier = new System.Text.Rune(0xFFFF);
        _status.HotKeySpecifier = new System.Text.Rune(0xFFFF);
        _detail.Y = Pos.Bottom(View);
        _status.Y = Pos.Bottom(_detail);
        _prompt.Y = Pos.Bottom(_status);
        Add(View, _detail, _status, _prompt);
    }

    public LogView View { get; }

    /// <summary>The last thing the pane said (a refused export, a bad regex, "no more matches").</summary>
    public string Message => _message;

    /// <summary>Pulls new lines into the view; true when it redrew.</summary>
    public bool Refresh()
    {
        bool changed = View.Refresh();
        if (changed)
            UpdateStatus();
        return changed;
    }

    public void Search(string pattern)
    {
        Try(() =>
        {
            View.Search = pattern.Length == 0 ? null : LogQuery.Pattern(pattern);
            if (View.Search is not null && !View.Jump(l => l.IsMatch(View.Search), forward: false) && !View.Jump(l => l.IsMatch(View.Search), forward: true))
                Say($"no line matches /{pattern}/");
        });
    }

    public void Include(string pattern) => Try(() => View.Query = View.Query with { Include = pattern.Length == 0 ? null : LogQuery.Pattern(pattern) });

    public void Exclude(string pattern) => Try(() => View.Query = View.Query with { Exclude = pattern.Length == 0 ? null : LogQuery.Pattern(pattern) });

    public void Level(LogSeverity minimum) => Try(() => View.Query = View.Query with { MinimumSeverity = minimum });

    public void ClearFilters() => Try(() => { View.Query = LogQuery.All; View.Search = null; });

    public void ToggleFollow()
    {
        View.Follow = !View.Follow;
        if (View.Follow)
            View.MoveCursor(View.Shown.Count);
        UpdateStatus();
    }

    public void NextError()
    {
        if (!View.Jump(l => l.Severity == LogSeverity.Error || LogSignatureCatalogue.Match(l.Text) is not null, forward: true))
            Say("no further error or known signature");
        Explain(full: false);
    }

    /// <summary>Writes the shown lines to a new file; never overwrites one.</summary>
    public void Export(string path)
    {
        Try(() =>
        {
            string full = Path.GetFullPath(Environment.ExpandEnvironmentVariables(path.Trim()));
            if (File.Exists(full))
                throw new UserFacingException($"{full} exists; nothing was written. Choose another name.");
            using var writer = new StreamWriter(new FileStream(full, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }));
            foreach (LogLine line in View.Shown)
                writer.WriteLine($"{line.Timestamp.ToString("O", CultureInfo.InvariantCulture)} {line.Service} {line.Text}");
            Say($"wrote {View.Shown.Count} lines to {full}");
        });
    }

    /// <summary>Whether this pane's own prompt (search, include, exclude, export) has the keys.</summary>
    public bool PromptOpen => _prompt.IsOpen;

    public void ClosePrompt() => _prompt.Close();

    public void PromptSearch() => _prompt.Open("/", View.Search?.ToString() ?? "", Search);

    public void PromptInclude() => _prompt.Open("include: ", View.Query.Include?.ToString() ?? "", Include);

    public void PromptExclude() => _prompt.Open("exclude: ", View.Query.Exclude?.ToString() ?? "", Exclude);

    public void PromptExport() => _prompt.Open("export to: ", Path.Combine(Path.GetTempPath(), $"tailwart-logs-{DateTime.UtcNow:yyyyMMddTHHmmss}.txt"), Export);

    public void NextMatch() => Jump(true);

    public void PreviousMatch() => Jump(false);

    public void CycleLevel() => Level(Levels[(Array.IndexOf(Levels, View.Query.MinimumSeverity) + 1) % Levels.Length]);

    /// <summary>Enter: the whole selected line and, for a known signature, what it means.</summary>
    public void ExplainSelected() => Explain(full: true);

    /// <summary>The pane's letter keys come from the key table through the shell's router; here only the list's movement.</summary>
    protected override bool OnKeyDown(Key key)
    {
        if (_prompt.IsOpen)
            return base.OnKeyDown(key);
        bool handled = View.NewKeyDownEvent(key);
        if (handled)
            Explain(full: false);
        return handled || base.OnKeyDown(key);
    }

    /// <summary>Asks for older lines; they appear (in time order) on the next frame.</summary>
    public void LoadOlder()
    {
        if (_loadOlder is null)
        {
            Say("no older history here");
            return;
        }
        Say($"loading {OlderStep} older lines per service…");
        _ = _loadOlder(OlderStep);
    }

    public const int OlderStep = 1000;

    private void Jump(bool forward)
    {
        if (View.Search is null)
            Say("no search: press / first");
        else if (!View.Jump(l => l.IsMatch(View.Search), forward))
            Say($"no {(forward ? "further" : "earlier")} match for /{View.Search}/");
        Explain(full: false);
    }

    /// <summary>Shows what the selected line means when it is a known signature (or, on Enter, the whole line).</summary>
    private void Explain(bool full)
    {
        LogLine? line = View.Selected;
        LogSignature? signature = line is null ? null : LogSignatureCatalogue.Match(line.Text);
        _detail.Text = signature is not null
            ? $"◆ {signature.Title}{(signature.Lesson is int l ? $" (lesson {l})" : "")}. Fix: {signature.Fix}\n  {signature.Explanation}"
            : full && line is not null ? line.Text : "";
        UpdateStatus();
    }

    private void Try(Action action)
    {
        try
        {
            action();
            _message = "";
        }
        catch (UserFacingException e)
        {
            _message = e.Message;
        }
        View.Refresh();
        UpdateStatus();
    }

    private void Say(string message)
    {
        _message = message;
        UpdateStatus();
    }

    private void UpdateStatus()
    {
        var q = View.Query;
        string filters = string.Join(" ", new[]
        {
            q.Include is null ? null : $"include /{q.Include}/",
            q.Exclude is null ? null : $"exclude /{q.Exclude}/",
            q.MinimumSeverity == LogSeverity.Unknown ? null : $"level ≥ {q.MinimumSeverity}",
            View.Search is null ? null : $"search /{View.Search}/",
        }.OfType<string>());
        _status.Text = $"{_buffer.Count} lines · {View.Shown.Count} shown · {_buffer.Dropped} dropped · {(View.Follow ? "FOLLOW" : "PAUSED")}{(filters.Length > 0 ? " · " + filters : "")}{(_message.Length > 0 ? " · " + _message : "")}";
        SetNeedsDraw();
    }

    /// <summary>The keys this pane answers, for the status bar and help.</summary>
    public static IEnumerable<Binding> Keys(KeyMap map) => map.For(KeyMap.Logs);
}
