using System.Globalization;
using Tailwart.Core.Checks;

namespace Tailwart.Core.Presenting;

/// <summary>
/// The doctor's checks: one line per check, then the findings. The line leads with what must stay
/// visible at 80 columns (outcome, id, time, how many findings) and ends with the title, which a
/// narrow pane may cut; Enter shows the whole line.
/// </summary>
public static class CheckPresenter
{
    public static PresentedLine Line(CheckResult r)
    {
        Severity worst = r.Outcome == CheckOutcome.Completed ? r.Findings.Select(f => f.Severity).DefaultIfEmpty(Severity.Ok).Max() : Severity.Failure;
        string outcome = r.Outcome switch { CheckOutcome.TimedOut => "timed out", CheckOutcome.Crashed => "crashed", _ => r.Findings.Count == 0 ? "clean" : $"{r.Findings.Count} finding{(r.Findings.Count == 1 ? "" : "s")}" };
        string text = string.Create(CultureInfo.InvariantCulture, $"{SeverityMark.Symbol(worst)} [{r.Id}] {r.Elapsed.TotalSeconds:0.0}s {outcome}: {r.Title}");
        string detail = r.Findings.Count == 0 ? text : text + "\n\n" + string.Join("\n\n", r.Findings.Select(FindingPresenter.Detail));
        return new PresentedLine(text, worst, detail);
    }

    public static IReadOnlyList<PresentedLine> Present(IReadOnlyList<CheckResult> results) =>
        [.. results.Select(Line), PresentedLine.Plain(""), .. FindingPresenter.Present(results.SelectMany(r => r.Findings))];
}
