using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui;

/// <summary>
/// The bring-up wizard's window: the state machine's steps as they happen (sidecar started →
/// healthy → route verified → Stalwart started → verified), each with its elapsed time and
/// evidence. Esc hides it; the bring-up goes on and the overlay can be shown again with the key.
/// </summary>
public sealed class BringUpOverlay : FrameView
{
    private readonly List<string> _lines = [];
    private readonly Label _body = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), HotKeySpecifier = new System.Text.Rune(0xFFFF) };

    public BringUpOverlay()
    {
        Title = "Bring-up (Esc to hide)";
        X = Pos.Center();
        Y = Pos.Center();
        Width = Dim.Percent(90);
        Height = Dim.Percent(70);
        Visible = false;
        CanFocus = true;
        Add(_body);
    }

    public IReadOnlyList<string> Lines => _lines;

    public bool Running { get; private set; }

    public void Start(string header)
    {
        _lines.Clear();
        Running = true;
        Append(header);
    }

    public void Append(string line)
    {
        _lines.Add(line);
        _body.Text = string.Join('\n', _lines.TakeLast(200));
        SetNeedsDraw();
    }

    public void Finish(string outcome)
    {
        Running = false;
        Append(outcome);
    }
}
