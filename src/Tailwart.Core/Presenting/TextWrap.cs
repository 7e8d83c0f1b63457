namespace Tailwart.Core.Presenting;

/// <summary>
/// Word wrap for fixed-width screens: continuation lines are indented to <c>hang</c> columns so a
/// wrapped value stays in its column (the bring-up's evidence, a finding's fix). Words longer than
/// the room are split; nothing is ever dropped.
/// </summary>
public static class TextWrap
{
    public static IReadOnlyList<string> Wrap(string line, int width, int hang)
    {
        width = Math.Max(2, width);
        hang = Math.Clamp(hang, 0, width * 2 / 3);
        if (line.Length <= width)
            return [line];
        var rows = new List<string>();
        int lead = Math.Min(line.Length - line.TrimStart(' ').Length, width * 2 / 3);
        var current = new System.Text.StringBuilder().Append(' ', lead);
        int indent = lead;
        foreach (string word in line.TrimStart(' ').Split(' '))
        {
            string rest = word;
            while (true)
            {
                bool empty = current.Length == indent;
                if (current.Length + (empty ? 0 : 1) + rest.Length <= width)
                {
                    current.Append(empty ? "" : " ").Append(rest);
                    break;
                }
                if (!empty)
                {
                    rows.Add(current.ToString());
                    current.Clear().Append(' ', hang);
                    indent = hang;
                    continue;
                }
                // A word longer than the row: split it, so nothing is lost.
                int take = width - current.Length;
                current.Append(rest.AsSpan(0, take));
                rows.Add(current.ToString());
                current.Clear().Append(' ', hang);
                indent = hang;
                rest = rest[take..];
                if (rest.Length == 0)
                    break;
            }
        }
        if (current.Length > indent)
            rows.Add(current.ToString());
        return rows;
    }

    /// <summary>Every line wrapped, in order.</summary>
    public static IReadOnlyList<string> WrapAll(IEnumerable<string> lines, int width, Func<string, int> hang) =>
        [.. lines.SelectMany(l => l.Split('\n')).SelectMany(l => Wrap(l, width, hang(l)))];

    /// <summary>A line cut to <paramref name="width"/> with "…" when it does not fit.</summary>
    public static string Cut(string line, int width) =>
        width <= 0 ? "" : line.Length <= width ? line : line[..Math.Max(0, width - 1)] + "…";
}
