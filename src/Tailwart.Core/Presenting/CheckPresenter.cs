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

    /// <summary>
    /// As <see cref="Present(IReadOnlyList{CheckResult})"/>, each finding marked against the previous
    /// `tailwart doctor` run (<see cref="DoctorHistory.Compare"/>: "+ new", "~ changed"), and the
    /// findings that are gone listed at the end. Without a previous run, unmarked. Reads, never writes, the history.
    /// </summary>
    public static IReadOnlyList<PresentedLine> Present(IReadOnlyList<CheckResult> results, (DateTimeOffset At, IReadOnlyDictionary<string, IReadOnlyList<Finding>> Checks)? previous)
    {
        if (previous is not { } p)
            return Present(results);
        var (marked, gone) = DoctorHistory.Compare(p.Checks, results);
        var findings = marked.SelectMany(r => r.Findings).ToList();
        return [.. marked.Select(Line), PresentedLine.Plain(""), PresentedLine.Plain(ChangeMark.Summary(p.At, findings, gone) + " (the last `tailwart doctor`)"),
            .. FindingPresenter.Present(findings), .. Gone(gone)];
    }

    /// <summary>The findings the previous doctor run had and this one has not: plain (good news), each with its mark and its whole story on Enter.</summary>
    public static IEnumerable<PresentedLine> Gone(IEnumerable<Finding> gone) =>
        gone.Select(f => new PresentedLine(FindingPresenter.Headline(f), Severity.Ok, "gone since the previous doctor run:\n\n" + FindingPresenter.Detail(f)));
}
