using System.CommandLine;
using System.Globalization;
using Tailwart.Core.BringUp;
using Tailwart.Core.Config;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart status`: the compose services (state, health, restart counts) and the Postgres route
/// level reached from the sidecar's netns, verified once. Read-only. Exit 0 all present and the
/// route verified, 1 otherwise, 2 when it could not look.
/// </summary>
public static class StatusVerb
{
    public static async Task<int> RunAsync(VerbContext context, ParseResult parse, CancellationToken ct)
    {
        TailwartConfig config = context.RequireConfig();
        var password = context.ResolveSecret(config, "$.postgres.password", config.Postgres.Password);
        using var services = new StackServices(config, password, endpoint: context.DockerEndpoint);
        await services.CheckDockerAsync(ct).ConfigureAwait(false);

        var stack = await services.Stack.DiscoverAsync(ct).ConfigureAwait(false);
        RouteCheck route = await services.Route.VerifyAsync(ct).ConfigureAwait(false);
        var findings = services.Lint();
        var rows = services.Services.Select(stack.Find).OfType<Core.Docker.ContainerSnapshot>().Select(ServiceReport.From).ToList();
        int code = stack.Missing.Count == 0 && route.IsVerified ? ExitCodes.Ok : ExitCodes.Warnings;

        if (context.Settings.Json)
        {
            context.Output.Json(new StatusReport(stack.Project, rows, stack.Missing, RouteReport.From(route), findings.Select(FindingReport.From).ToList()), CliJson.Default.StatusReport);
            return code;
        }
        context.Output.Line($"project {stack.Project}");
        context.Output.Line(string.Create(CultureInfo.InvariantCulture, $"  {"SERVICE",-14} {"STATE",-10} {"HEALTH",-10} {"RESTARTS",8} {"EXIT",4}  {"STARTED",-20} {"IP",-15} ID"));
        foreach (var r in rows)
            context.Output.Line(string.Create(CultureInfo.InvariantCulture, $"  {r.Service,-14} {r.State,-10} {r.Health,-10} {r.RestartCount,8} {r.ExitCode,4}  {r.StartedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",-20} {r.TailnetIp ?? "-",-15} {r.Id}"));
        foreach (string m in stack.Missing)
            context.Output.Line($"  {m,-14} MISSING    (configured in tailwart.json, no container in project {stack.Project}; `tailwart up` creates it)");
        context.Output.Line($"route to {config.Postgres.Host}:{config.Postgres.Port} from the sidecar's netns: {Level(route)}");
        context.Output.Line($"  {route.Evidence} ({route.Elapsed.TotalMilliseconds:0} ms)");
        FindingPrinter.Print(context, findings, "compose lint: no findings.");
        return code;
    }

    private static string Level(RouteCheck r) => r.IsVerified
        ? "login verified"
        : $"{r.Level} reached; failed: {r.Failure}";
}
