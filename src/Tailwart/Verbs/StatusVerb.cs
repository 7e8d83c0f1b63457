using System.CommandLine;
using System.Globalization;
using Tailwart.Core;
using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Diagnosis;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart status`: the compose services (state, health, restart counts), the Postgres route
/// level reached from the sidecar's netns, and the stack diagnosis (stale netns, a store that does
/// not work, a start into the race, loops and exits, an edge ahead of Stalwart, a tailnet that is
/// not up) with what `tailwart up` will do about each. Read-only. Exit 0 when nothing is wrong,
/// 1 whenever a diagnosis finding holds, 2 when it could not look.
/// </summary>
public static class StatusVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var status = new Command("status", "Services, state, health, restart counts, and the Postgres route level reached from the sidecar's netns (read-only).");
        status.SetAction((parse, ct) => guarded(parse, c => RunAsync(c, parse, ct), ct));
        return status;
    }

    public static async Task<int> RunAsync(VerbContext context, ParseResult parse, CancellationToken ct)
    {
        TailwartConfig config = context.RequireConfig();
        _ = context.ResolveSecret(config, "$.postgres.password", config.Postgres.Password); // fails early, naming the variable
        TailwartCore services = context.Core;
        await services.CheckDockerAsync(ct).ConfigureAwait(false);

        // compose's model is read while the diagnosis looks (docker-compose 1.29 takes seconds), once
        Task<IReadOnlyList<Finding>> lint = services.LintModelAsync(ct);
        StackDiagnosisResult diagnosis = await services.DiagnoseAsync(ct).ConfigureAwait(false);
        StackEvidence seen = diagnosis.Evidence;
        var stack = seen.Stack;
        RouteCheck? route = seen.Route;
        var findings = await lint.ConfigureAwait(false);
        var supervisor = services.SupervisorStatus();
        var rows = services.Services.Select(stack.Find).OfType<Core.Docker.ContainerSnapshot>().Select(ServiceLine.From).ToList();
        int code = diagnosis.Healthy ? ExitCodes.Ok : ExitCodes.Warnings;

        if (context.Settings.Json)
        {
            context.Output.Json(new StatusReport(stack.Project, rows, stack.Missing, RouteLine.From(route), findings.Select(FindingLine.From).ToList())
            {
                Healthy = diagnosis.Healthy,
                Stack = diagnosis.Findings.Select(FindingLine.From).ToList(),
                Tailnet = seen.Tailnet?.Evidence,
                StalwartSessions = seen.Sessions,
                Store = seen.Store?.Evidence,
                Supervisor = SupervisorLine.From(supervisor),
            }, CliJson.Default.StatusReport);
            return code;
        }
        context.Output.Line($"project {stack.Project}");
        context.Output.Line(string.Create(CultureInfo.InvariantCulture, $"  {"SERVICE",-14} {"STATE",-10} {"HEALTH",-10} {"RESTARTS",8} {"EXIT",4}  {"STARTED",-20} {"IP",-15} ID"));
        foreach (var r in rows)
            context.Output.Line(string.Create(CultureInfo.InvariantCulture, $"  {r.Service,-14} {r.State,-10} {r.Health,-10} {r.RestartCount,8} {r.ExitCode,4}  {r.StartedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",-20} {r.TailnetIp ?? "-",-15} {r.Id}"));
        foreach (string m in stack.Missing)
            context.Output.Line($"  {m,-14} MISSING    (configured in tailwart.json, no container in project {stack.Project}; `tailwart up` creates it)");
        if (route is not null)
        {
            context.Output.Line($"route to {config.Postgres.Host}:{config.Postgres.Port} from the sidecar's netns: {Level(route)}");
            context.Output.Line($"  {route.Evidence} ({route.Elapsed.TotalMilliseconds:0} ms)");
        }
        if (seen.Tailnet is { } tailnet)
            context.Output.Line($"tailnet: {tailnet.Evidence}");
        if (seen.Store is { } store)
            context.Output.Line($"store: {store.Evidence}{(seen.Sessions is { } n ? $"; {n} Stalwart session(s) in pg_stat_activity" : "")}");
        context.Output.Line($"supervisor: {supervisor.Summary}");
        if (diagnosis.Findings.Count == 0)
            context.Output.Line("stack: nothing wrong found.");
        foreach (Finding f in diagnosis.Findings)
        {
            context.Output.Line($"{f.Severity.ToString().ToLowerInvariant()}: {f.Title}{(f.Lesson is int l ? $" (lesson {l})" : "")} [{f.Id}]");
            context.Output.Line($"  seen: {f.Evidence}");
            context.Output.Line($"  fix:  {f.Fix}");
        }
        FindingPrinter.Print(context, findings, "compose lint: no findings.");
        return code;
    }

    private static string Level(RouteCheck r) => r.IsVerified
        ? "login verified"
        : $"{r.Level} reached; failed: {r.Failure}";
}
