using Tailwart.Core.Checks;

namespace Tailwart.Core.Presenting;

/// <summary>
/// Findings as text, for `tailwart doctor|lint|certs|bans` and the TUI's panes alike: the headline
/// with severity symbol, lesson and id, then what was seen and the fix. The TUI opens any of the
/// three lines on Enter and shows <see cref="Detail"/>, so a fix longer than the screen is never lost.
/// </summary>
public static class FindingPresenter
{
    /// <summary>The finding's one line; led by its change mark ("+ new", "~ changed", "- gone") when it was compared with the previous doctor run.</summary>
    public static string Headline(Finding f) =>
        $"{ChangeMark.Prefix(f.Change)}{SeverityMark.Symbol(f.Severity)} {SeverityMark.Word(f.Severity)}: {f.Title}{(f.Lesson is int l ? $" (lesson {l})" : "")} [{f.Id}]";

    /// <summary>Every line of one finding, as the CLI prints it.</summary>
    public static IReadOnlyList<string> Lines(Finding f) => [Headline(f), $"  seen: {f.Evidence}", $"  fix:  {f.Fix}"];

    /// <summary>The whole finding, field by field, for a detail view.</summary>
    public static string Detail(Finding f) =>
        $"{Headline(f)}\n\nfix:\n{f.Fix}\n\nseen:\n{f.Evidence}\n\nid:       {f.Id}\nseverity: {SeverityMark.Word(f.Severity)}\nlesson:   {(f.Lesson is int l ? l.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}";

    /// <summary>Findings worst first; <paramref name="clean"/> when there are none.</summary>
    public static IReadOnlyList<PresentedLine> Present(IEnumerable<Finding> findings, string clean = "✓ no findings")
    {
        var lines = new List<PresentedLine>();
        foreach (Finding f in findings.OrderByDescending(f => f.Severity))
        {
            string detail = Detail(f);
            lines.AddRange(Lines(f).Select(text => new PresentedLine(text, f.Severity, detail)));
        }
        if (lines.Count == 0)
            lines.Add(PresentedLine.Plain(clean));
        return lines;
    }
}
