using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui.Panes;

/// <summary>
/// The tabs Logs · Certs · Bans · Checks · Probes, drawn with less of Terminal.Gui 2.5.0's per-cell
/// work, which made the first frame twice a bare window's (perf, issue 18). Its <see cref="Tabs"/>
/// keeps every tab a visible, overlapped view and draws them all before the front one covers them:
/// a pane <see cref="IsBehind"/> skips its clear and its subviews, and <see cref="MainWindow"/> redraws
/// a tab when it comes to the front. The front tab fills the whole viewport, so it is not cleared first.
/// </summary>
public sealed class PaneTabs : Tabs
{
    public static bool IsBehind(View pane) => pane.SuperView is Tabs { Value: { } front } && front != pane;

    protected override bool OnClearingViewport() => true;
}
