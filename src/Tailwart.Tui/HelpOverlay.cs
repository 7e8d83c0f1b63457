using Tailwart.Tui.Keys;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui;

/// <summary>`?`: every key binding from the key map, grouped by where it works. Esc or ? closes it.</summary>
public sealed class HelpOverlay : FrameView
{
    public HelpOverlay(KeyMap keys)
    {
        Title = "Help (Esc or ? to close)";
        X = Pos.Center();
        Y = Pos.Center();
        Width = Dim.Percent(90);
        Height = Dim.Percent(90);
        Visible = false;
        CanFocus = true;
        Text = string.Join('\n', keys.All.GroupBy(b => b.Scope).SelectMany(g =>
            new[] { g.Key == KeyMap.Global ? "Everywhere" : $"In {g.Key}" }.Concat(g.Select(b => $"  {b.Key,-10} {b.Name,-10} {b.Description}")).Append("")));
        Add(new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), Text = Text });
    }
}
