using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui;

/// <summary>
/// A one-line prompt at the bottom of a pane (like less's `/` or vim's `:`): Enter hands the
/// text to the caller, Esc cancels. Inline rather than modal, so it never blocks the log.
/// </summary>
public sealed class PromptLine : View
{
    private readonly Label _label = new() { X = 0, Y = 0 };
    private readonly TextField _field = new() { Y = 0, Width = Dim.Fill() };
    private Action<string>? _onAccept;

    public PromptLine()
    {
        Height = 1;
        Width = Dim.Fill();
        Visible = false;
        CanFocus = true;
        _field.X = Pos.Right(_label);
        _field.Accepting += (_, e) =>
        {
            string text = _field.Text;
            var accept = _onAccept;
            Close();
            accept?.Invoke(text);
            e.Handled = true;
        };
        Add(_label, _field);
    }

    public bool IsOpen => Visible;

    /// <summary>Shows the prompt with <paramref name="label"/> and focuses it.</summary>
    public void Open(string label, string initial, Action<string> onAccept)
    {
        _label.Text = label;
        _field.Text = initial;
        _onAccept = onAccept;
        Visible = true;
        _field.SetFocus();
        SetNeedsDraw();
    }

    public void Close()
    {
        _onAccept = null;
        OverlayClosing.Hide(this);
    }

    protected override bool OnKeyDown(Key key) => OverlayClosing.ClosedByEsc(key, Close) || base.OnKeyDown(key);
}
