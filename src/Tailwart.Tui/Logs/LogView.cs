using System.Drawing;
using System.Text.RegularExpressions;
using Tailwart.Core.Logs;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Color = Terminal.Gui.Drawing.Color;

namespace Tailwart.Tui.Logs;

/// <summary>
/// Draws the merged log from the ring buffer: only the visible rows are drawn, each service with
/// its own colour and prefix, errors and known signatures marked, long lines cut at the edge.
/// It recomputes its filtered view only when the buffer's version or the query changed, so an idle
/// log costs nothing and a busy one is redrawn at most at the caller's frame rate.
/// </summary>
public sealed class LogView : View
{
    private static readonly ColorName16[] Palette = [ColorName16.BrightCyan, ColorName16.BrightMagenta, ColorName16.BrightGreen, ColorName16.BrightYellow, ColorName16.BrightBlue, ColorName16.Cyan];
    private readonly LogRingBuffer _buffer;
    private readonly bool _color;
    private readonly Dictionary<string, int> _serviceSlots = new(StringComparer.Ordinal);
    private IReadOnlyList<LogLine> _visible = [];
    private long _seenVersion = -1;
    private LogQuery _seenQuery = LogQuery.All;
    private int _top;

    public LogView(LogRingBuffer buffer, bool color)
    {
        _buffer = buffer;
        _color = color;
        CanFocus = true;
    }

    /// <summary>Which lines are shown.</summary>
    public LogQuery Query { get; set; } = LogQuery.All;

    /// <summary>The search pattern whose matches are highlighted and jumped between.</summary>
    public Regex? Search { get; set; }

    /// <summary>When on, the view sticks to the newest line.</summary>
    public bool Follow { get; set; } = true;

    /// <summary>The selected line's index in <see cref="Shown"/>, or -1.</summary>
    public int SelectedIndex { get; private set; } = -1;

    public IReadOnlyList<LogLine> Shown => _visible;

    public LogLine? Selected => SelectedIndex >= 0 && SelectedIndex < _visible.Count ? _visible[SelectedIndex] : null;

    /// <summary>Brings the view up to date with the buffer; true when something changed (then it needs a draw).</summary>
    public bool Refresh()
    {
        long version = _buffer.Version;
        if (version == _seenVersion && ReferenceEquals(Query, _seenQuery))
            return false;
        LogLine? selected = Selected;
        _visible = _buffer.Snapshot(Query.IsEmpty ? null : Query.Matches);
        _seenVersion = version;
        _seenQuery = Query;
        SelectedIndex = Follow || selected is null ? _visible.Count - 1 : Math.Max(0, IndexOf(selected));
        Reveal();
        SetNeedsDraw();
        return true;
    }

    public void MoveCursor(int delta)
    {
        if (_visible.Count == 0)
            return;
        SelectedIndex = Math.Clamp(SelectedIndex + delta, 0, _visible.Count - 1);
        Follow = SelectedIndex == _visible.Count - 1 && delta > 0 && Follow;
        Reveal();
        SetNeedsDraw();
    }

    /// <summary>Moves to the next (or previous) line matching <paramref name="match"/>; false when there is none.</summary>
    public bool Jump(Func<LogLine, bool> match, bool forward)
    {
        for (int step = 1; step <= _visible.Count; step++)
        {
            int i = forward ? SelectedIndex + step : SelectedIndex - step;
            if (i < 0 || i >= _visible.Count)
                break;
            if (match(_visible[i]))
            {
                Follow = false;
                SelectedIndex = i;
                Reveal();
                SetNeedsDraw();
                return true;
            }
        }
        return false;
    }

    protected override bool OnKeyDown(Key key)
    {
        int page = Math.Max(1, Viewport.Height - 1);
        if (key == Key.CursorUp) { Follow = false; MoveCursor(-1); return true; }
        if (key == Key.CursorDown) { MoveCursor(1); return true; }
        if (key == Key.PageUp) { Follow = false; MoveCursor(-page); return true; }
        if (key == Key.PageDown) { MoveCursor(page); return true; }
        if (key == Key.Home) { Follow = false; MoveCursor(-_visible.Count); return true; }
        if (key == Key.End) { Follow = true; MoveCursor(_visible.Count); return true; }
        return base.OnKeyDown(key);
    }

    // Every cell of the viewport is drawn below (empty rows as spaces, lines padded), so Terminal.Gui's
    // clear first would only write each cell twice (issue 18, as TextBlock).
    protected override bool OnClearingViewport() => true;

    protected override bool OnDrawingContent(DrawContext? context)
    {
        Attribute normal = GetAttributeForRole(VisualRole.Normal);
        Attribute focus = GetAttributeForRole(VisualRole.Focus);
        int width = Viewport.Width;
        for (int row = 0; row < Viewport.Height; row++)
        {
            int index = _top + row;
            Move(0, row);
            if (index >= _visible.Count)
            {
                SetAttribute(normal);
                AddStr(new string(' ', Math.Max(0, width)));
                continue;
            }
            LogLine line = _visible[index];
            bool selected = index == SelectedIndex;
            string prefix = $"{line.Service,-11} ";
            if (prefix.Length > 12)
                prefix = prefix[..11] + " ";
            SetAttribute(selected ? focus : ServiceAttribute(line.Service, normal));
            AddStr(prefix);
            char mark = LogSignatureCatalogue.Match(line.Text) is not null ? '◆' : line.Severity == LogSeverity.Error ? '!' : ' ';
            SetAttribute(selected ? focus : LineAttribute(line, mark != ' ', normal));
            string text = mark + " " + line.Text.Replace('\t', ' ');
            int room = Math.Max(0, width - prefix.Length);
            if (text.Length > room)
                text = room > 1 ? text[..(room - 1)] + "…" : "";
            else if (line.Truncated && text.Length < room)
                text += " …";
            AddStr(text.PadRight(room));
        }
        return true;
    }

    private Attribute ServiceAttribute(string service, Attribute normal)
    {
        if (!_color)
            return new Attribute(normal.Foreground, normal.Background, TextStyle.Bold);
        if (!_serviceSlots.TryGetValue(service, out int slot))
            _serviceSlots[service] = slot = _serviceSlots.Count % Palette.Length;
        return new Attribute(new Color(Palette[slot]), normal.Background);
    }

    private Attribute LineAttribute(LogLine line, bool known, Attribute normal)
    {
        bool searched = Search is not null && line.IsMatch(Search);
        TextStyle style = (known ? TextStyle.Bold : TextStyle.None) | (searched ? TextStyle.Underline : TextStyle.None);
        if (!_color)
            return new Attribute(normal.Foreground, normal.Background, style | (line.Severity == LogSeverity.Error ? TextStyle.Bold : TextStyle.None));
        Color foreground = line.Severity switch
        {
            LogSeverity.Error => new Color(ColorName16.BrightRed),
            LogSeverity.Warn => new Color(ColorName16.Yellow),
            LogSeverity.Debug or LogSeverity.Trace => new Color(ColorName16.DarkGray),
            _ => normal.Foreground,
        };
        return new Attribute(known ? new Color(ColorName16.BrightYellow) : foreground, normal.Background, style);
    }

    private void Reveal()
    {
        int height = Math.Max(1, Viewport.Height);
        if (SelectedIndex < _top)
            _top = Math.Max(0, SelectedIndex);
        else if (SelectedIndex >= _top + height)
            _top = SelectedIndex - height + 1;
        _top = Math.Clamp(_top, 0, Math.Max(0, _visible.Count - height));
    }

    private int IndexOf(LogLine line)
    {
        for (int i = _visible.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_visible[i], line))
                return i;
        }
        return _visible.Count - 1;
    }
}
