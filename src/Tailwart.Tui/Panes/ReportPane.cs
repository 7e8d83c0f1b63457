using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui.Panes;

/// <summary>
/// A tab that shows a report produced by a Core check (Certs, Checks): it runs the check in the
/// background on demand, shows "running…", then the lines. The check owns its budget; a refused
/// run shows the refusal like any other finding.
/// </summary>
public sealed class ReportPane : View
{
    private readonly Func<CancellationToken, Task<IReadOnlyList<string>>>? _run;
    private readonly Label _status = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
    private readonly TextView _body = new() { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(), ReadOnly = true, WordWrap = false };
    private CancellationTokenSource? _running;

    /// <param name="placeholder">What the pane shows before its first run, or for good when <paramref name="run"/> is null.</param>
    public ReportPane(string title, string placeholder, Func<CancellationToken, Task<IReadOnlyList<string>>>? run)
    {
        Title = title;
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        _run = run;
        _status.Text = run is null ? "" : "press F5 to run";
        _body.Text = placeholder;
        Add(_status, _body);
    }

    public string BodyText => _body.Text;

    public string StatusText => _status.Text;

    /// <summary>Whether a run is in flight (its lines are not shown yet).</summary>
    public bool IsRunning => _running is not null;

    /// <summary>Runs the check off the UI thread and shows its lines when done; a second request while running is ignored.</summary>
    public void Run(IApplication app)
    {
        if (_run is not null)
            Run(app, _run);
    }

    /// <summary>Runs <paramref name="run"/> (an action of this pane) like the check; false when something is still running here.</summary>
    public bool Run(IApplication app, Func<CancellationToken, Task<IReadOnlyList<string>>> run)
    {
        if (_running is not null)
            return false;
        _running = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _status.Text = "running…";
        CancellationToken token = _running.Token;
        _ = Task.Run(async () =>
        {
            IReadOnlyList<string> lines;
            try
            {
                lines = await run(token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failing check must show its message in the pane, never take the TUI down.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lines = [$"the check failed: {e.Message}"];
            }
            app.Invoke(() => Show(lines));
        }, token);
        return true;
    }

    /// <summary>Shows finished lines (on the UI thread).</summary>
    public void Show(IReadOnlyList<string> lines)
    {
        _running?.Dispose();
        _running = null;
        _body.Text = string.Join('\n', lines);
        _status.Text = $"last run {DateTime.Now:HH:mm:ss} · F5 to run again";
        SetNeedsDraw();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _running?.Cancel();
        base.Dispose(disposing);
    }
}
