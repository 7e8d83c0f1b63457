using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui.Panes;

/// <summary>The compose services with state, health, uptime, restart count, and for the sidecar the route level reached.</summary>
public sealed class ServicesPane : FrameView
{
    private readonly Label _rows = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };

    public ServicesPane()
    {
        Title = "Services";
        Add(_rows);
        Apply([]);
    }

    public string RowsText => _rows.Text;

    /// <summary>Shows a new snapshot (on the UI thread); redraws only when it differs from the last one.</summary>
    public void Apply(IReadOnlyList<ServiceRow> rows)
    {
        string text = rows.Count == 0
            ? "no stack seen yet (press U for the bring-up wizard, F5 to refresh)"
            : string.Join('\n', rows.Select(r =>
                $"{r.Name,-14} {r.State,-10} {r.Health,-10} up {r.Uptime,-9} restarts {r.Restarts,-3}{(r.RouteLevel is null ? "" : $" route: {r.RouteLevel}")}{(r.Problem is null ? "" : $"\n  ! {r.Problem}")}"));
        if (text == _rows.Text)
            return;
        _rows.Text = text;
        SetNeedsDraw();
    }
}
