using Tailwart.Core.Checks;
using Tailwart.Core.Presenting;
using Terminal.Gui.Configuration;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;

namespace Tailwart.Tui;

/// <summary>
/// Presented lines drawn to the width the view has now, so every text fits the screen it is on
/// (80×24 first). Two modes: <see cref="Selectable"/> rows are one line each, cut with "…", with a
/// selection that Enter opens in full; otherwise lines wrap with a hanging indent and the arrows,
/// PageUp/PageDown, Home and End scroll. Severity shows as the theme's Unhealthy/Warning/Healthy
/// colour beside the symbol each line already carries, so a monochrome screen still tells them apart.
/// </summary>
public sealed class TextBlock : View
{
    private IReadOnlyList<PresentedLine> _lines = [];
    private int _top;
    private int _selected;
    private int _column;

    public TextBlock()
    {
        CanFocus = true;
        Width = Dim.Fill();
        Height = Dim.Fill();
    }

    /// <summary>One row per line, a selection, no wrapping (lists whose lines open on Enter).</summary>
    public bool Selectable { get; init; }

    /// <summary>When set, new lines keep the end in view (a live log of steps).</summary>
    public bool FollowTail { get; set; }

    /// <summary>How far continuation rows of a wrapped line are indented.</summary>
    public Func<string, int> Hang { get; init; } = line => line.Length - line.TrimStart(' ').Length + 2;

    /// <summary>For selectable rows: the text of row (index, width) when the plain cut will not do (the services' columns).</summary>
    public Func<int, int, string?>? RowFormatter { get; init; }

    public IReadOnlyList<PresentedLine> Lines => _lines;

    public PresentedLine? Selected => Selectable && _selected < _lines.Count ? _lines[_selected] : null;

    /// <summary>
    /// On a selected line with cells (a certs matrix row): the one cell the cursor is on, which ←/→
    /// move and Enter opens; the column is kept while ↑/↓ move between rows, as in a spreadsheet.
    /// </summary>
    public PresentedCell? SelectedCell => Selected is { Cells: { Count: > 0 } cells } ? cells[Math.Min(_column, cells.Count - 1)] : null;

    public int SelectedIndex
    {
        get => _selected;
        set
        {
            _selected = Math.Clamp(value, 0, Math.Max(0, _lines.Count - 1));
            SetNeedsDraw();
        }
    }

    /// <summary>The rows as drawn at <paramref name="width"/> (wrapped unless selectable).</summary>
    public IReadOnlyList<string> Rows(int width) => Selectable
        ? [.. _lines.Select((l, i) => RowFormatter?.Invoke(i, width) ?? TextWrap.Cut(l.Text, width))]
        : [.. _lines.SelectMany(l => TextWrap.WrapAll([l.Text], width, Hang))];

    /// <summary>Whether the last row is on screen.</summary>
    public bool AtEnd => _top + Viewport.Height >= Rows(Math.Max(1, Viewport.Width)).Count;

    public void SetLines(IReadOnlyList<PresentedLine> lines)
    {
        _lines = lines;
        _selected = Math.Clamp(_selected, 0, Math.Max(0, lines.Count - 1));
        if (FollowTail)
            _top = int.MaxValue;
        SetNeedsDraw();
    }

    public void SetText(IEnumerable<string> lines) => SetLines([.. lines.SelectMany(l => l.Split('\n')).Select(PresentedLine.Plain)]);

    public void ScrollToTop()
    {
        _top = 0;
        _selected = 0;
        SetNeedsDraw();
    }

    // Every cell of the viewport is drawn below (rows padded to the width), so Terminal.Gui's clear
    // first would only write each cell twice: a third of the first frame's drawing went to clears (perf, issue 18).
    protected override bool OnClearingViewport() => true;

    protected override bool OnDrawingContent(DrawContext? context)
    {
        int width = Viewport.Width, height = Viewport.Height;
        var severities = Selectable ? _lines.Select(l => l.Severity).ToList() : _lines.SelectMany(l => TextWrap.WrapAll([l.Text], width, Hang).Select(_ => l.Severity)).ToList();
        IReadOnlyList<string> rows = Rows(width);
        if (Selectable)
            _top = Math.Clamp(_top, Math.Max(0, _selected - height + 1), Math.Min(_selected, Math.Max(0, rows.Count - height)));
        _top = Math.Clamp(_top, 0, Math.Max(0, rows.Count - height));
        for (int i = 0; i < height; i++)
        {
            int r = _top + i;
            bool selected = Selectable && r == _selected && HasFocus;
            PresentedCell? cell = selected ? SelectedCell : null;
            if (cell is not null)
                selected = false; // the cursor is the one cell, drawn below, not the whole row
            if (selected)
                SetAttributeForRole(VisualRole.Focus);
            else if (r < rows.Count && Colour(severities[r]) is { } colour)
                SetAttribute(colour);
            else
                SetAttributeForRole(VisualRole.Normal);
            Move(0, i);
            string text = (r < rows.Count ? rows[r] : "").PadRight(width);
            AddStr(text);
            if (cell is not null && cell.Start < width)
            {
                SetAttributeForRole(VisualRole.Focus);
                Move(cell.Start, i);
                AddStr(text.Substring(cell.Start, Math.Min(cell.Width, width - cell.Start)));
            }
        }
        return true;
    }

    protected override bool OnKeyDown(Key key)
    {
        int page = Math.Max(1, Viewport.Height - 1);
        int? move = key == Key.CursorDown ? 1 : key == Key.CursorUp ? -1 : key == Key.PageDown ? page : key == Key.PageUp ? -page
            : key == Key.End ? int.MaxValue / 2 : key == Key.Home ? -(int.MaxValue / 2) : null;
        if (Selectable && SelectedCell is not null && (key == Key.CursorLeft || key == Key.CursorRight))
        {
            int count = Selected!.Cells.Count;
            _column = Math.Clamp(Math.Min(_column, count - 1) + (key == Key.CursorRight ? 1 : -1), 0, count - 1);
            SetNeedsDraw();
            return true;
        }
        if (move is not int by)
            return base.OnKeyDown(key);
        if (Selectable)
            _selected = (int)Math.Clamp((long)_selected + by, 0, Math.Max(0, _lines.Count - 1));
        else
            _top = (int)Math.Clamp((long)_top + by, 0, Math.Max(0, Rows(Math.Max(1, Viewport.Width)).Count - Viewport.Height));
        FollowTail = FollowTail && AtEnd;
        SetNeedsDraw();
        return true;
    }

    private static Terminal.Gui.Drawing.Attribute? Colour(Severity severity)
    {
        string? scheme = severity switch { Severity.Failure => "Unhealthy", Severity.Warning => "Warning", _ => null };
        return scheme is not null && SchemeManager.TryGetScheme(scheme, out Scheme? s) && s is not null ? s.Normal : null;
    }
}
