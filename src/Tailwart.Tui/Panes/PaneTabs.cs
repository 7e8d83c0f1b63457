using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.Text;
using Terminal.Gui.ViewBase;

namespace Tailwart.Tui.Panes;

/// <summary>
/// The tabs Logs · Certs · Bans · Checks · Probes: one header row (each tab's number, which is its key,
/// and its name; the front one bracketed and highlighted, so a monochrome screen shows it too), then the
/// front pane; the others are hidden. In the place of Terminal.Gui 2.5.0's <c>Tabs</c>, whose headers
/// took three rows of the 24 (issue 18: 80×24 is the design size) and which drew all five overlapped
/// tabs cell by cell, the hidden ones too (exec to first frame 140 ms with this row against 161 ms with
/// Terminal.Gui's tabs, 11 interleaved runs).
/// </summary>
public sealed class PaneTabs : View
{
    private readonly List<View> _panes = [];
    private View? _value;

    public PaneTabs()
    {
        CanFocus = true;
    }

    /// <summary>Raised after <see cref="Value"/> changed.</summary>
    public event EventHandler? ValueChanged;

    /// <summary>The pane in front; setting it hides the one before.</summary>
    public View? Value
    {
        get => _value;
        set
        {
            if (value == _value || (value is not null && !_panes.Contains(value)))
                return;
            _value?.Visible = false;
            _value = value;
            _value?.Visible = true;
            SetNeedsDraw();
            ValueChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>Adds the panes below the header row, hidden until one is brought to the front.</summary>
    public void AddPanes(params View[] panes)
    {
        foreach (View pane in panes)
        {
            pane.X = 0;
            pane.Y = 1;
            pane.Width = Dim.Fill();
            pane.Height = Dim.Fill();
            pane.Visible = false;
            _panes.Add(pane);
        }
        Add(panes);
    }

    /// <summary>The header row's text: "[1 Logs] 2 Certs  3 Bans …" and where each tab's label starts.</summary>
    public (string Text, IReadOnlyList<int> Starts) Header()
    {
        var text = new System.Text.StringBuilder();
        var starts = new List<int>();
        for (int i = 0; i < _panes.Count; i++)
        {
            bool front = _panes[i] == _value;
            starts.Add(text.Length);
            text.Append(front ? '[' : ' ').Append(i + 1).Append(' ').Append(Name(_panes[i])).Append(front ? ']' : ' ');
        }
        return (text.ToString(), starts);
    }

    /// <summary>A pane's name as the header shows it (its hotkey mark left out).</summary>
    private static string Name(View pane) => pane.Title.Replace("_", "", StringComparison.Ordinal);

    // The header row is drawn in full below and the front pane covers the rest: no clear first.
    protected override bool OnClearingViewport() => true;

    protected override bool OnDrawingContent(DrawContext? context)
    {
        int width = Viewport.Width;
        var (text, starts) = Header();
        SetAttributeForRole(VisualRole.Normal);
        Move(0, 0);
        AddStr(Fit(text.TrimEnd() + " ", width).PadRight(width, '─'));
        int front = _value is null ? -1 : _panes.IndexOf(_value);
        if (front >= 0 && starts[front] < width)
        {
            SetAttributeForRole(VisualRole.Focus);
            Move(starts[front], 0);
            string label = text[starts[front]..(front + 1 < starts.Count ? starts[front + 1] : text.Length)];
            AddStr(Fit(label, width - starts[front]));
        }
        return true;
    }

    // A click on a tab's label brings it to the front, as Terminal.Gui's tabs did (on the release, as its
    // buttons do; a click the driver puts together from press and release does the same).
    protected override bool OnMouseEvent(Mouse mouse)
    {
        bool click = mouse.IsSingleClicked || mouse.Flags.HasFlag(MouseFlags.LeftButtonReleased);
        if (!click || mouse.Position is not { Y: 0, X: var x })
            return base.OnMouseEvent(mouse);
        var (text, starts) = Header();
        int index = starts.Count(s => s <= x) - 1;
        if (index < 0 || x >= text.Length)
            return false;
        Value = _panes[index];
        _panes[index].SetFocus();
        return true;
    }

    private static string Fit(string text, int width) => text.GetColumns() <= width ? text : text[..Math.Max(0, width)];
}
