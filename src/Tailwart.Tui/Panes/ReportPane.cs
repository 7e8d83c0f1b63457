using Tailwart.Core.Presenting;
using Tailwart.Tui.Shell;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui.Panes;

/// <summary>
/// A tab that shows what a Core check returned, through that record's presenter (Certs, Bans,
/// Checks, Probes): it runs on demand through the shell's one runner, shows "running…", then one
/// line per row, cut to the screen; Enter opens the selected line in full (a finding's whole
/// evidence and fix, a certificate row's every cell). The check owns its budget; a refused run
/// shows the refusal like any other finding.
/// </summary>
public sealed class ReportPane : View
{
    private readonly BackgroundRunner _runner;
    private readonly Action<string, string> _open;
    private readonly Label _status = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = 1, HotKeySpecifier = new System.Text.Rune(0xFFFF) };
    private readonly TextBlock _body = new() { X = 0, Y = 1, Selectable = true, HotKeySpecifier = new System.Text.Rune(0xFFFF) };

    /// <param name="placeholder">What the pane shows before its first run, or for good when <paramref name="source"/> is null.</param>
    /// <param name="open">Shows a title and a text in full (the detail overlay).</param>
    public ReportPane(string title, string placeholder, Func<CancellationToken, Task<IReadOnlyList<PresentedLine>>>? source, BackgroundRunner runner, Action<string, string> open)
    {
        Title = title;
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        Source = source;
        _runner = runner;
        _open = open;
        _status.Text = source is null ? "" : "F5 runs it · Enter opens a line in full";
        _body.SetText([placeholder]);
        _body.Height = Dim.Fill();
        Add(_status, _body);
    }

    /// <summary>What F5 runs here (the record fetched and presented); null when this pane only shows what its actions return.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<PresentedLine>>>? Source { get; }

    public TextBlock Body => _body;

    public string BodyText => string.Join('\n', _body.Lines.Select(l => l.Text));

    public string StatusText => _status.Text;

    /// <summary>Whether a run is in flight (its lines are not shown yet).</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Runs the pane's source; a second request while running is ignored.</summary>
    public void Run()
    {
        if (Source is not null)
            Run(Source);
    }

    /// <summary>Runs <paramref name="run"/> (an action of this pane) like the source; false when something is still running here.</summary>
    public bool Run(Func<CancellationToken, Task<IReadOnlyList<PresentedLine>>> run)
    {
        if (IsRunning)
            return false;
        IsRunning = true;
        _status.Text = "running…";
        // A pane's run only reads (a check, a sweep, a probe): stopping it leaves nothing half-done.
        _runner.Run(null, run,
            e => [new PresentedLine($"✗ the check failed: {e.Message}", Core.Checks.Severity.Failure, e.Message)], Show, TimeSpan.FromMinutes(2));
        return true;
    }

    /// <summary>Shows finished lines (on the UI thread).</summary>
    public void Show(IReadOnlyList<PresentedLine> lines)
    {
        IsRunning = false;
        _body.SetLines(lines);
        _body.ScrollToTop();
        _status.Text = $"last run {DateTime.Now:HH:mm:ss} · F5 runs it again · Enter opens a line in full";
        SetNeedsDraw();
    }

    // The status line and the lines cover every cell, so no clear first.
    protected override bool OnClearingViewport() => true;

    /// <summary>Opens the selected line's whole story; false when there is nothing to open.</summary>
    public bool OpenSelected()
    {
        if (_body.Selected is not { } line || line.Detail.Length == 0)
            return false;
        // a matrix row opens the cell under the cursor (one hostname × port), any other line itself
        _open(Title.Replace("_", "", StringComparison.Ordinal) + " · detail (Esc closes)", _body.SelectedCell?.Detail ?? line.Detail);
        return true;
    }
}
