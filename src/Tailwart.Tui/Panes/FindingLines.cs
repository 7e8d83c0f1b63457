using Tailwart.Core.Checks;

namespace Tailwart.Tui.Panes;

/// <summary>Findings as the panes show them: severity, title, lesson, then what was seen and the fix.</summary>
public static class FindingLines
{
    public static IEnumerable<string> Render(IEnumerable<Finding> findings)
    {
        bool any = false;
        foreach (Finding f in findings.OrderByDescending(f => f.Severity))
        {
            any = true;
            string mark = f.Severity switch { Severity.Failure => "✗", Severity.Warning => "!", _ => "·" };
            yield return $"{mark} {f.Title}{(f.Lesson is int l ? $"  [lesson {l}]" : "")}";
            yield return $"    seen: {f.Evidence}";
            yield return $"    fix:  {f.Fix}";
        }
        if (!any)
            yield return "✓ no findings";
    }
}
