using Tailwart.Core.Guards;
using Tailwart.Core.Probes;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart probe [PORT… | all] [--via edge|netns|all]`: protocol-correct probes behind the budget
/// guard. Exit 0 all answered, 2 unreachable or banned, 3 when the guard refused any probe.
/// </summary>
public static class ProbeVerb
{
    public static async Task<int> RunAsync(VerbContext context, IReadOnlyList<string> ports, string via, CancellationToken ct)
    {
        ProbeService service = context.Probes();
        var selected = ports.Count == 0 || ports.Contains("all") ? ProbePorts.Default.Keys.ToList() : ports.Select(p => ParsePort(p)).ToList();
        var paths = via == "all" ? service.Paths.ToList() : [via];
        var warnings = new List<string>();
        if (paths.Contains("edge") && selected.Any(p => p != 8080))
            warnings.AddRange(await AllowListWarningsAsync(context, ct).ConfigureAwait(false));
        if (!context.Settings.Json)
            warnings.ForEach(w => context.Output.Line("warning: " + w));
        var lines = new List<ProbeLine>();
        foreach (string path in paths)
        {
            foreach (int port in selected)
            {
                ProbeLine line;
                try
                {
                    line = ProbeLine.From(await service.ProbeAsync(path, port, ct).ConfigureAwait(false));
                }
                catch (GuardRefusedException refused)
                {
                    var (host, targetPort) = service.TargetOf(path, port);
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
            context.Output.Json(new ProbeReport(exit, lines, warnings.Count == 0 ? null : warnings), CliJson.Default.ProbeReport);
        return exit;
    }

    /// <summary>
    /// Before probing through the edge: the box's WAN IP is the proxied client there, so if it is not
    /// on the allow-list, a probe Stalwart dislikes bans the box (lesson 3). Read, never changed here.
    /// The TUI asks the same before its edge probes.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> AllowListWarningsAsync(VerbContext context, CancellationToken ct)
    {
        var config = context.RequireConfig();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            var service = await BansServices.CreateAsync(context, config, deadline.Token).ConfigureAwait(false);
            using var client = service.Client;
            var audit = await service.AuditAllowListAsync(deadline.Token).ConfigureAwait(false);
            return audit.IsComplete ? []
                : [$"Stalwart's allow-list lacks {string.Join(", ", audit.Missing)}: a probe through the edge arrives as the box's WAN IP, and malformed-looking traffic could ban the box (lesson 3). Fix: tailwart bans allow-fix."];
        }
        catch (Exception e) when (e is Core.Stalwart.StalwartApiException or Core.UserFacingException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return [$"could not read Stalwart's allow-list before probing through the edge ({e.Message}); if the box's WAN IP is not allow-listed, a probe could ban it (lesson 3)."];
        }
    }

    private static string Fingerprint(ProbeLine line) => line.Certificate is null ? "" :
        $"\n      cert {line.Certificate.Subject} (sha256 {line.Certificate.Sha256[..16]}…){(line.Certificate.StalwartFallback ? " — Stalwart's self-signed fallback" : "")}";

    private static int ParsePort(string text) =>
        int.TryParse(text, out int port) && ProbePorts.Default.ContainsKey(port)
            ? port
            : throw new Core.UserFacingException($"'{text}' is not a port tailwart probes; use one of {string.Join(", ", ProbePorts.Default.Keys)} or all.");
}
