using System.CommandLine;
using System.Text.Json;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.Supervise;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart supervise`: the long-running mode for systemd (src/Tailwart/dist/tailwart-supervise.service).
/// It holds the gate when nobody is logged in: at start and after each Docker event it looks at the
/// stack and repairs through the same gated bring-up as `up`. One line per decision (--json: one
/// JSON document per line). Exit 143 after SIGTERM (a clean stop, audited), 3 under --read-only,
/// 2 when it cannot start (config, secrets, the restart-policy change failed).
/// </summary>
public static class SuperviseVerb
{
    public static readonly Option<bool> ApplyRestartPolicy = new("--apply-restart-policy")
    {
        Description = "First set Stalwart's container restart policy to \"no\" through the Docker API (announced, audited, undone by --restore-restart-policy), so dockerd never starts it outside the gate at boot; supervise then owns its restarts.",
    };

    public static readonly Option<bool> RestoreRestartPolicy = new("--restore-restart-policy")
    {
        Description = "Put Stalwart's restart policy back to what it was before --apply-restart-policy changed it (unless-stopped when not recorded), then exit.",
    };

    public static Command Create(VerbRunner guarded)
    {
        var command = new Command("supervise", "Hold the gate with nobody logged in (systemd): repair through the gated bring-up when Stalwart started into the race, died, or its sidecar restarted; survive dockerd restarts. Never probes a mail port, never tests the key.");
        command.Options.Add(ApplyRestartPolicy);
        command.Options.Add(RestoreRestartPolicy);
        command.SetAction((parse, ct) => guarded(parse, c => RunAsync(c, parse, ct), ct));
        return command;
    }

    public static async Task<int> RunAsync(VerbContext context, ParseResult parse, CancellationToken ct)
    {
        bool apply = parse.GetValue(ApplyRestartPolicy), restore = parse.GetValue(RestoreRestartPolicy);
        if (apply && restore)
            throw new Core.UserFacingException("--apply-restart-policy and --restore-restart-policy contradict each other: give one.");
        context.Policy.Demand(restore || apply ? GuardedAction.RestartPolicy : GuardedAction.Supervise);
        TailwartConfig config = context.RequireConfig();
        _ = context.ResolveSecret(config, "$.postgres.password", config.Postgres.Password); // fails early, naming the variable

        if (restore || apply)
        {
            await context.Core.CheckDockerAsync(ct).ConfigureAwait(false);
            string now = await context.Core.StalwartRestartPolicyAsync(ct).ConfigureAwait(false) ?? "(no container)";
            Say(context, new SupervisorDecision(DateTimeOffset.UtcNow, DecisionKind.RestartPolicy, $"{config.Services.Stalwart}'s restart policy is {now}",
                restore ? "restoring the policy it had before supervise changed it (Docker API)" : "setting it to \"no\" through the Docker API, so dockerd never starts Stalwart outside the gate (lesson 1); undo: tailwart supervise --restore-restart-policy",
                "asking Docker"));
            var (before, after) = await context.Core.SetStalwartRestartPolicyAsync(restore, ct).ConfigureAwait(false);
            Say(context, new SupervisorDecision(DateTimeOffset.UtcNow, DecisionKind.RestartPolicy, $"restart policy {before}", $"changed to {after}",
                after == "no" ? "Docker reports \"no\"; keep it: also set restart: \"no\" on Stalwart in compose, or a recreate brings the old policy back" : $"Docker reports {after}"));
            if (restore)
                return ExitCodes.Ok;
        }

        var options = new SuperviseOptions();
        await context.Core.SuperviseAsync(options, new Printer(context), notify: null, ct).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static void Say(VerbContext context, SupervisorDecision d)
    {
        if (context.Settings.Json)
            context.Output.Line(JsonSerializer.Serialize(DecisionReport.From(d), CliJson.Compact.DecisionReport));
        else
            context.Output.Line($"{d.At:HH:mm:ss}Z {DecisionReport.Name(d.Kind)}: saw {d.Saw}; did {d.Did}; result: {d.Result}");
    }

    /// <summary>Prints each decision as it is taken (synchronously, in order: Progress&lt;T&gt; would post them to the pool).</summary>
    private sealed class Printer(VerbContext context) : IProgress<SupervisorDecision>
    {
        private readonly Lock _gate = new();

        public void Report(SupervisorDecision value)
        {
            lock (_gate)
                Say(context, value);
        }
    }
}
