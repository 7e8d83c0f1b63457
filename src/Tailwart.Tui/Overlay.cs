using Tailwart.Core.Presenting;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui;

/// <summary>
/// A centred window over the panes that shows wrapped, scrollable text: the help, a line opened in
/// full, a question. Esc closes it (the key router's doing); it never takes the TUI down.
/// </summary>
public sealed class Overlay : FrameView
{
    public Overlay(int heightPercent = 85)
    {
        X = Pos.Center();
        Y = Pos.Center();
        Width = Dim.Percent(92);
        Height = Dim.Percent(heightPercent);
        Visible = false;
        CanFocus = true;
        Add(Body);
    }

    public TextBlock Body { get; } = new() { X = 0, Y = 0, HotKeySpecifier = new System.Text.Rune(0xFFFF) };

    public void Open(string title, IReadOnlyList<PresentedLine> lines)
    {
        Title = title;
        Body.SetLines(lines);
        Body.ScrollToTop();
        Visible = true;
        Body.SetFocus();
        SetNeedsDraw();
    }

    public void Open(string title, string text) => Open(title, [.. text.Split('\n').Select(PresentedLine.Plain)]);

    public void Close()
    {
        Visible = false;
        SuperView?.SetNeedsDraw();
    }
}
