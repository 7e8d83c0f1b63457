using Tailwart.Core.Checks;
using Tailwart.Core.Presenting;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui.Panes;

/// <summary>
/// The compose services, one row each whatever the width (state, health, uptime, restarts, the
/// route level reached for the sidecar, Core's diagnosis), abbreviated rather than wrapped so no
/// service is pushed out of view; the pane grows to hold every row. S shows every row in full.
/// </summary>
public sealed class ServicesPane : FrameView
{
    public const string Empty = "no stack seen yet (U: the bring-up wizard, F5: refresh)";
    private readonly TextBlock _rows;
    private IReadOnlyList<ServiceRow> _current = [];
    private PresentedLine? _supervisor;

    public ServicesPane()
    {
        _rows = new() { X = 0, Y = 0, Selectable = true, CanFocus = false, HotKeySpecifier = new System.Text.Rune(0xFFFF), RowFormatter = FormatRow };
        Title = "Services (state · health · up · ↻ restarts · route/diagnosis; S: in full)";
        Height = 3;
        Add(_rows);
        Apply([]);
    }

    // the rows cover the whole viewport: no clear before them (issue 18)
    protected override bool OnClearingViewport() => true;

    public IReadOnlyList<ServiceRow> Current => _current;

    /// <summary>The rows as drawn at the pane's width now.</summary>
    public string RowsText => string.Join('\n', _rows.Rows(Math.Max(1, _rows.Viewport.Width)));

    /// <summary>Shows a new snapshot (on the UI thread); redraws only when it differs from the last one.</summary>
    public void Apply(IReadOnlyList<ServiceRow> rows)
    {
        if (rows.Count > 0 && rows.SequenceEqual(_current))
            return;
        _current = rows;
        Show();
    }

    /// <summary>
    /// The supervisor's line under the services (Core's <see cref="SupervisorPresenter"/>: whether one
    /// runs, since when, its last decision), on the UI thread; the services keep their one row each.
    /// </summary>
    public void ApplySupervisor(PresentedLine line)
    {
        if (line == _supervisor)
            return;
        _supervisor = line;
        Show();
    }

    /// <summary>The supervisor's line as last applied (null before the first).</summary>
    public PresentedLine? Supervisor => _supervisor;

    private void Show()
    {
        var rows = _current;
        Height = Math.Max(1, rows.Count) + (_supervisor is null ? 0 : 1) + 2;
        IEnumerable<PresentedLine> lines = rows.Count == 0 ? [PresentedLine.Plain(Empty)] : rows.Select(r => new PresentedLine(r.Format(200, 18), r.Diagnosis is null ? Severity.Ok : Severity.Warning, r.Detail()));
        // FormatRow formats the service rows only; the supervisor's line is cut to the width like any line
        _rows.SetLines([.. lines, .. _supervisor is { } s ? new[] { s } : []]);
        SetNeedsLayout();
        SetNeedsDraw();
    }

    private string? FormatRow(int index, int width) =>
        index < _current.Count ? _current[index].Format(width, Math.Clamp(_current.Max(r => r.Name.Length), 8, 18)) : null;

    /// <summary>Every row in full.</summary>
    public string Detail() => (_current.Count == 0 ? Empty : string.Join('\n', _current.Select(r => r.Detail()))) + (_supervisor is { } s ? "\n" + s.Detail : "");
}
