using Terminal.Gui.Text;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui.Panes;

/// <summary>
/// The tabs Logs · Certs · Bans · Checks · Probes, drawn with less of Terminal.Gui 2.5.0's per-cell
/// work, a large part of what kept the first frame at 2.4× a bare window's (perf, issue 18). Its <see cref="Tabs"/>
/// keeps every tab a visible, overlapped view and draws them all before the front one covers them:
/// a pane <see cref="IsBehind"/> skips its clear and its subviews, and <see cref="MainWindow"/> redraws
/// a tab when it comes to the front. The front tab fills the whole viewport, so it is not cleared first;
/// and the tabs' header widths are given, not measured (<see cref="AddPanes"/>).
/// </summary>
public sealed class PaneTabs : Tabs
{
    public static bool IsBehind(View pane) => pane.SuperView is Tabs { Value: { } front } && front != pane;

    protected override bool OnClearingViewport() => true;

    /// <summary>
    /// Adds the panes as tabs, each header as wide as Terminal.Gui measures it (the title's columns and
    /// the two border columns). Left to measure, each tab added re-measured the header of every tab before
    /// it, text formatting and all: half of the window's construction (perf, issue 18).
    /// </summary>
    public void AddPanes(params View[] panes)
    {
        foreach (View pane in panes)
            ((BorderView)pane.Border.GetOrCreateView()).TabLength = HeaderWidth(pane.Title);
        Add(panes);
    }

    /// <summary>A tab header's width in columns for <paramref name="title"/> (its hotkey mark is not shown).</summary>
    public static int HeaderWidth(string title) => title.Replace("_", "", StringComparison.Ordinal).GetColumns() + 2;
}
