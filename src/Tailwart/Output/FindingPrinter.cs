using Tailwart.Cli.Verbs;
using Tailwart.Core.Checks;
using Tailwart.Core.Presenting;

namespace Tailwart.Cli;

/// <summary>Prints findings as text or --json and maps them to an exit code (0 ok/info, 1 warning, 2 failure).</summary>
public static class FindingPrinter
{
    public static int Print(VerbContext context, IReadOnlyList<Finding> findings, string cleanMessage)
    {
        int exit = ExitCode(findings);
        if (context.Settings.Json)
        {
            context.Output.Json(new FindingsReport(exit, findings.Select(FindingLine.From).ToList()), CliJson.Default.FindingsReport);
            return exit;
        }
        if (findings.Count == 0)
            context.Output.Line(cleanMessage);
        foreach (string line in findings.SelectMany(FindingPresenter.Lines))
            context.Output.Line(line);
        return exit;
    }

    public static int ExitCode(IEnumerable<Finding> findings) => findings.Select(f => f.Severity).DefaultIfEmpty(Severity.Ok).Max() switch
    {
        Severity.Failure => ExitCodes.Failure,
        Severity.Warning => ExitCodes.Warnings,
        _ => ExitCodes.Ok,
    };
}
