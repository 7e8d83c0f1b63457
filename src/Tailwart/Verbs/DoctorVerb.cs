using System.Diagnostics;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart doctor [--only ID…] [--skip ID…]`: every check at once, bounded, each under its own
/// deadline; findings with their lesson and fix. Exit 0 clean, 1 warnings, 2 failures.
/// </summary>
public static class DoctorVerb
{
    public static async Task<int> RunAsync(VerbContext context, IReadOnlyCollection<string> only, IReadOnlyCollection<string> skip, CancellationToken ct)
    {
        var all = context.Core.DoctorChecks();
        context.WarnOnPersonalLedger();
        var unknown = only.Concat(skip).Where(id => !all.Any(c => c.Id == id || c.Id.StartsWith(id + ".", StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
            throw new Core.UserFacingException($"unknown check(s): {string.Join(", ", unknown)}; checks are: {string.Join(", ", all.Select(c => c.Id))}.");
        var clock = Stopwatch.StartNew();
        IReadOnlyList<CheckResult> results = await Doctor.RunAsync(Doctor.Select(all, only, skip), ct).ConfigureAwait(false);
        var findings = results.SelectMany(r => r.Findings).ToList();
        int exit = FindingPrinter.ExitCode(findings);
        if (context.Settings.Json)
        {
            context.Output.Json(new DoctorReport(exit, Math.Round(clock.Elapsed.TotalMilliseconds, 1),
                findings.Count(f => f.Severity == Severity.Failure), findings.Count(f => f.Severity == Severity.Warning),
                results.Select(DoctorCheckLine.From).ToList()), CliJson.Default.DoctorReport);
            return exit;
        }
        foreach (CheckResult r in results)
            context.Output.Line($"{Mark(r)} {r.Title} [{r.Id}] {r.Elapsed.TotalSeconds:0.0}s{(r.Outcome == CheckOutcome.Completed ? "" : " — " + r.Outcome.ToString().ToLowerInvariant())}");
        context.Output.Line();
        FindingPrinter.Print(context, findings, "no findings: the stack looks healthy.");
        return exit;
    }

    private static string Mark(CheckResult r) =>
        r.Findings.Any(f => f.Severity == Severity.Failure) ? "✗" : r.Findings.Any(f => f.Severity == Severity.Warning) || r.Outcome != CheckOutcome.Completed ? "!" : "✓";
}
