using System.CommandLine;
using System.Diagnostics;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Presenting;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart doctor [--only ID…] [--skip ID…]`: every check at once, bounded, each under its own
/// deadline; findings with their lesson and fix. Exit 0 clean, 1 warnings, 2 failures. Every run
/// is kept (<see cref="DoctorHistory"/>); `--changes` shows only what is new, gone or changed
/// since the previous one, and marks the findings in --json. This verb alone writes the baseline:
/// the TUI's Checks pane marks against it and never writes it, so `--changes` always compares
/// with the last `tailwart doctor` run (a timer's, say), whatever the TUI ran meanwhile.
/// </summary>
public static class DoctorVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var only = new Option<string[]>("--only") { Description = "Run only these checks (ids or prefixes), e.g. --only certs --only dns.", AllowMultipleArgumentsPerToken = true };
        var skip = new Option<string[]>("--skip") { Description = "Skip these checks (ids or prefixes).", AllowMultipleArgumentsPerToken = true };
        var doctor = new Command("doctor", "Run every check concurrently, each with its own deadline, and print findings with their lesson and fix. Never probes or tests the key over budget (reports 'skipped: budget, next at …').");
        doctor.Options.Add(only);
        doctor.Options.Add(skip);
        var changes = new Option<bool>("--changes") { Description = "Show only what is new, gone or changed since the previous doctor run (kept in the state directory, 0600). Every `tailwart doctor` run, with or without --changes, becomes the next baseline for the checks it ran; the TUI's Checks pane marks against the same baseline (+ new, ~ changed, - gone) but never writes it." };
        doctor.Options.Add(changes);
        doctor.SetAction((parse, ct) => guarded(parse, c => DoctorVerb.RunAsync(c, parse.GetValue(only) ?? [], parse.GetValue(skip) ?? [], ct, parse.GetValue(changes)), ct));
        return doctor;
    }

    public static async Task<int> RunAsync(VerbContext context, IReadOnlyCollection<string> only, IReadOnlyCollection<string> skip, CancellationToken ct, bool changes = false)
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
        DoctorHistory history = context.Core.DoctorHistory;
        var previous = changes ? history.Load() : null;
        history.Save(results);
        IReadOnlyList<Finding> gone = [];
        if (previous is { } p)
            (results, gone) = DoctorHistory.Compare(p.Checks, results);
        if (context.Settings.Json)
        {
            context.Output.Json(new DoctorReport(exit, Math.Round(clock.Elapsed.TotalMilliseconds, 1),
                findings.Count(f => f.Severity == Severity.Failure), findings.Count(f => f.Severity == Severity.Warning),
                results.Select(DoctorCheckLine.From).ToList())
            {
                Since = previous?.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                Gone = changes && previous is not null ? gone.Select(FindingLine.From).ToList() : null,
            }, CliJson.Default.DoctorReport);
            return exit;
        }
        if (changes)
        {
            PrintChanges(context, previous?.At, results, gone);
            return exit;
        }
        foreach (CheckResult r in results)
            context.Output.Line($"{Mark(r)} {r.Title} [{r.Id}] {r.Elapsed.TotalSeconds:0.0}s{(r.Outcome == CheckOutcome.Completed ? "" : " — " + r.Outcome.ToString().ToLowerInvariant())}");
        context.Output.Line();
        FindingPrinter.Print(context, findings, "no findings: the stack looks healthy.");
        return exit;
    }

    private static void PrintChanges(VerbContext context, DateTimeOffset? since, IReadOnlyList<CheckResult> results, IReadOnlyList<Finding> gone)
    {
        if (since is null)
        {
            context.Output.Line("no previous doctor run to compare with; this one is kept for next time.");
            return;
        }
        var changed = results.SelectMany(r => r.Findings).Where(f => f.Change is FindingChange.New or FindingChange.Changed).ToList();
        context.Output.Line(ChangeMark.Summary(since.Value, changed, gone));
        foreach (Finding f in changed)
        {
            context.Output.Line(FindingPresenter.Headline(f));
            if (f.Previous is { } was && was.Severity != f.Severity)
                context.Output.Line($"  was:  {SeverityMark.Word(was.Severity)}");
            if (f.Previous is { } before && before.Evidence != f.Evidence)
                context.Output.Line($"  was:  {before.Evidence}");
            context.Output.Line($"  seen: {f.Evidence}");
            context.Output.Line($"  fix:  {f.Fix}");
        }
        foreach (PresentedLine line in CheckPresenter.Gone(gone))
            context.Output.Line(line.Text);
    }

    private static string Mark(CheckResult r) =>
        r.Findings.Any(f => f.Severity == Severity.Failure) ? "✗" : r.Findings.Any(f => f.Severity == Severity.Warning) || r.Outcome != CheckOutcome.Completed ? "!" : "✓";
}
