using System.CommandLine;
using Tailwart.Core;
using Tailwart.Core.Guards;
using Tailwart.Core.Probes;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart probe [PORT… | all] [--via edge|netns|all]`: protocol-correct probes behind the budget
/// guard. Exit 0 all answered, 2 unreachable or banned, 3 when the guard refused any probe.
/// </summary>
public static class ProbeVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var ports = new Argument<string[]>("ports") { Description = "Ports to probe (25 465 587 143 993 443 8080) or all (the default: those of Stalwart's own listeners, read through its API; all seven when they cannot be read).", Arity = ArgumentArity.ZeroOrMore };
        ports.CompletionSources.Add("25", "465", "587", "143", "993", "443", "8080", "all");
        var via = new Option<string>("--via") { Description = "edge (as the world sees it), netns (inside the sidecar) or all.", DefaultValueFactory = _ => "edge" };
        via.AcceptOnlyFromAmong("edge", "netns", "all");
        var probe = new Command("probe", "Probe mail ports politely (one protocol-correct conversation each), within the probe budget: one per target and port per interval.");
        probe.Arguments.Add(ports);
        probe.Options.Add(via);
        probe.SetAction((parse, ct) => guarded(parse, c => ProbeVerb.RunAsync(c, parse.GetValue(ports) ?? [], parse.GetValue(via)!, ct), ct));
        return probe;
    }

    public static async Task<int> RunAsync(VerbContext context, IReadOnlyList<string> ports, string via, CancellationToken ct)
    {
        // --read-only refuses before anything is sent (a probe can arm a ban on the box, lesson 3).
        context.Policy.Demand(GuardedAction.Probe);
        TailwartCore core = context.Core;
        context.WarnOnPersonalLedger();
        var warnings = new List<string>();
        string? portsNote = null;
        List<int> selected;
        if (ports.Count == 0 || ports.Contains("all"))
        {
            // Stalwart's own listeners, not an assumed list: 0.16 has no 587 and no 143, and a probe of a
            // port without a listener must not read as a failure (v0.16.18 crates/common/src/manager/defaults.rs).
            ProbePlan plan = await core.ProbePlanAsync(ct).ConfigureAwait(false);
            selected = [.. plan.Ports];
            if (plan.Assumed is not null)
                warnings.Add(plan.Assumed);
            else
                portsNote = plan.Note;
        }
        else
            selected = ports.Select(p => ParsePort(p)).ToList();
        var paths = via == "all" ? core.ProbePaths.ToList() : [via];
        if (paths.Contains("edge") && selected.Any(p => p != 8080))
            warnings.AddRange(await core.EdgeProbeWarningsAsync(ct).ConfigureAwait(false));
        if (!context.Settings.Json)
        {
            warnings.ForEach(w => context.Output.Line("warning: " + w));
            if (portsNote is not null)
                context.Output.Line("note: " + portsNote);
        }
        var lines = new List<ProbeLine>();
        foreach (string path in paths)
        {
            foreach (int port in selected)
            {
                ProbeLine line;
                try
                {
                    line = ProbeLine.From(await core.ProbeAsync(path, port, ct).ConfigureAwait(false));
                }
                catch (GuardRefusedException refused)
                {
                    var (host, targetPort) = core.ProbeTarget(path, port);
                    line = new ProbeLine(path, host, targetPort, "refused", refused.Message, NextAllowedAt: refused.NextAllowedAt);
                }
                lines.Add(line);
                if (!context.Settings.Json)
                    context.Output.Line($"{line.Path,-5} {line.Host}:{line.Port,-5} {line.Outcome,-11} {line.Summary}{Fingerprint(line)}");
            }
        }
        int exit = lines.Any(l => l.Outcome == "refused") ? ExitCodes.RefusedByGuard
            : lines.Any(l => l.Outcome is "banned" or "unreachable") ? ExitCodes.Failure
            : ExitCodes.Ok;
        if (context.Settings.Json)
            context.Output.Json(new ProbeReport(exit, lines, warnings.Count == 0 ? null : warnings, portsNote), CliJson.Default.ProbeReport);
        return exit;
    }

    private static string Fingerprint(ProbeLine line) => line.Certificate is null ? "" :
        $"\n      cert {line.Certificate.Subject} (sha256 {line.Certificate.Sha256[..16]}…){(line.Certificate.StalwartFallback ? " — Stalwart's self-signed fallback" : "")}";

    private static int ParsePort(string text) =>
        int.TryParse(text, out int port) && ProbePorts.Default.ContainsKey(port)
            ? port
            : throw new Core.UserFacingException($"'{text}' is not a port tailwart probes; use one of {string.Join(", ", ProbePorts.Default.Keys)} or all.");
}
