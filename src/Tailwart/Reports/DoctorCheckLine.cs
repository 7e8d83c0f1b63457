using Tailwart.Core.Checks;

namespace Tailwart.Cli.Verbs;

/// <summary>One check's result as --json shows it.</summary>
public sealed record DoctorCheckLine(string Id, string Title, string Outcome, double ElapsedMs, IReadOnlyList<FindingLine> Findings)
{
    public static DoctorCheckLine From(CheckResult r) =>
        new(r.Id, r.Title, r.Outcome.ToString().ToLowerInvariant(), Math.Round(r.Elapsed.TotalMilliseconds, 1), r.Findings.Select(FindingLine.From).ToList());
}
