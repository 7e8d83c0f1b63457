using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;

namespace Tailwart.Tui;

/// <summary>
/// What every overlay (the `:` prompt, the key-test form) does when it closes: it hides, and focus and
/// a redraw go back to the view underneath. Esc closes an overlay and never quits tailwart.
/// </summary>
internal static class OverlayClosing
{
    public static void Hide(View overlay)
    {
        overlay.Visible = false;
        overlay.SuperView?.SetFocus();
        overlay.SuperView?.SetNeedsDraw();
    }

    /// <summary>Closes the overlay when <paramref name="key"/> is Esc; true when it did (the key is handled).</summary>
    public static bool ClosedByEsc(Key key, Action close)
    {
        if (key != Key.Esc)
            return false;
        close();
        return true;
    }
}
