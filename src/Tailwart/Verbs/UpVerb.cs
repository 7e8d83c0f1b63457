using System.CommandLine;
using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.Diagnosis;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart up`: the gated bring-up (lesson 1). Exit 0 released and verified, 2 a step failed,
/// 3 the gate refused (route never verified before the deadline, or --read-only), 130 interrupted.
/// </summary>
public static class UpVerb
{
    public static readonly Option<bool> DryRun = new("--dry-run") { Description = "Look and verify the route once; start and create nothing." };

    public static readonly Option<int?> Timeout = new("--timeout") { Description = "Overall deadline in seconds (each step also has its own)." };

    public static readonly Option<double> RouteStable = new("--route-stable")
    {
        Description = "Seconds the Postgres route must keep verifying after the first login before Stalwart is released (a flapping route never releases). 0 disables.",
        DefaultValueFactory = _ => 3,
    };

    public static Command Create(VerbRunner guarded)
    {
        var command = new Command("up", "Guided bring-up: sidecar → healthy → Postgres route verified from the sidecar's netns (real login) → Stalwart → Stalwart verified.");
        command.Options.Add(DryRun);
        command.Options.Add(Timeout);
        command.Options.Add(RouteStable);
        command.SetAction((parse, ct) => guarded(parse, c => RunAsync(c, parse, ct), ct));
        return command;
    }

    public static async Task<int> RunAsync(VerbContext context, ParseResult parse, CancellationToken ct)
    {
        bool dryRun = parse.GetValue(DryRun);
        int? timeout = parse.GetValue(Timeout);
        if (timeout is <= 0)
            throw new Core.UserFacingException("--timeout must be a positive number of seconds.");
        if (!dryRun)
            context.Policy.Demand(GuardedAction.Up); // --read-only: exit 3 before anything is looked at (--dry-run only looks)

        TailwartConfig config = context.RequireConfig();
        _ = context.ResolveSecret(config, "$.postgres.password", config.Postgres.Password); // fails early, naming the variable
        await context.Core.CheckDockerAsync(ct).ConfigureAwait(false);

        double stable = parse.GetValue(RouteStable);
        if (stable < 0 || stable > 600)
            throw new Core.UserFacingException("--route-stable must be between 0 and 600 seconds.");
        var options = new BringUpOptions { DryRun = dryRun, Overall = timeout is { } t ? TimeSpan.FromSeconds(t) : null, RouteStableFor = TimeSpan.FromSeconds(stable) };
        if (options.Overall is { } overall)
        {
            // --timeout also shortens the gate's own deadline, so a short timeout ends as "gate refused" (3)
            options = options with { RouteDeadline = overall < options.RouteDeadline ? overall : options.RouteDeadline };
        }
        IProgress<BringUpEvent>? progress = context.Settings.Json ? null : new EventPrinter(context.Output);
        if (!context.Settings.Json)
            context.Output.Line($"tailwart up: project {context.Core.ProjectName}, sidecar {config.Services.Sidecar}, stalwart {config.Services.Stalwart}, postgres {config.Postgres.Host}:{config.Postgres.Port}{(dryRun ? " (dry run)" : "")}");

        // On a running stack, first say what is wrong and what this run will do about it (the same
        // diagnosis `status` and the doctor show); the repairs themselves happen through the gate.
        IReadOnlyList<Finding> found = [];
        if ((await context.Core.DiscoverAsync(ct).ConfigureAwait(false)).Find(config.Services.Sidecar) is { IsRunning: true })
        {
            found = (await context.Core.DiagnoseAsync(ct).ConfigureAwait(false)).Findings.Where(f => f.Severity >= Severity.Warning).ToList();
            if (!context.Settings.Json)
            {
                foreach (Finding f in found)
                {
                    context.Output.Line($"found: {f.Title} [{f.Id}]");
                    context.Output.Line($"  seen: {f.Evidence}");
                    context.Output.Line($"  {(dryRun ? "would" : "will")}: {f.Fix}");
                }
            }
        }

        BringUpResult result = await context.Core.UpAsync(options, progress, ct).ConfigureAwait(false);
        int code = result.Outcome switch
        {
            BringUpOutcome.Verified or BringUpOutcome.DryRun => ExitCodes.Ok,
            BringUpOutcome.GateRefused => ExitCodes.RefusedByGuard,
            _ => ExitCodes.Failure,
        };
        if (context.Settings.Json)
        {
            context.Output.Json(new UpReport(result.Outcome, code, result.Message, result.FailedStep, RouteLine.From(result.Route),
                result.RouteVerifiedAt, result.StalwartStartedAt, result.Events.Select(BringUpEventLine.From).ToList()) { Found = found.Select(FindingLine.From).ToList() }, CliJson.Default.UpReport);
        }
        else if (code == ExitCodes.Ok)
        {
            context.Output.Line(result.Message);
        }
        else
        {
            context.Output.Error(result.Message);
        }
        return code;
    }
}
