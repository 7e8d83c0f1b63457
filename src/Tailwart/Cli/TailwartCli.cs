using System.CommandLine;
using Microsoft.Extensions.Logging;
using Tailwart.Cli.Verbs;
using Tailwart.Core;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Tui;

namespace Tailwart.Cli;

/// <summary>
/// The `tailwart` command line: verbs, global options and the exit-code contract. Every failure
/// ends as a message and an exit code, never a stack trace (that goes to the log file).
/// </summary>
public static class TailwartCli
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, Func<TuiOptions, TuiBackend, int>? launchTui = null, CancellationToken ct = default)
    {
        // `tailwart version` alone needs none of the verb tree, options, settings, state paths or
        // logging that every other verb builds first: answer it before building them (issue 18).
        if (args is ["version"])
        {
            env.Out.WriteLine(Verbs.VersionVerb.Text(Verbs.VersionVerb.Report()));
            return ExitCodes.Ok;
        }
        RootCommand root = Build(env, launchTui ?? TuiHost.Run);
        ParseResult parse = root.Parse(args);
        // --help wins over a missing argument: `tailwart bans unban --help` shows the manual.
        if (parse.Errors.Count > 0 && parse.Action is not ManualHelpAction)
        {
            foreach (var error in parse.Errors)
                env.Error.WriteLine("tailwart: " + error.Message);
            env.Error.WriteLine("Run 'tailwart --help' for usage.");
            return ExitCodes.Failure;
        }
        var config = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(config, ct).ConfigureAwait(false);
    }

    internal static RootCommand Build(CliEnvironment env, Func<TuiOptions, TuiBackend, int> launchTui)
    {
        var root = new RootCommand("tailwart: supervise a Stalwart mail stack behind a Tailscale sidecar. With no verb, opens the TUI.");
        foreach (Option option in GlobalOptions.All)
            root.Options.Add(option);

        var config = new Command("config", "Check or show the tailwart config.");
        config.Subcommands.Add(Verb("check", "Validate the config against its schema and resolve every secret reference.", env, ConfigCheckVerb.Run));
        config.Subcommands.Add(Verb("show", "Print the effective config (file + TAILWART__ overrides) with secrets masked.", env, ConfigShowVerb.Run));
        root.Subcommands.Add(config);
        root.Subcommands.Add(Verb("lint", "Check the compose files, .env and Caddyfiles against the edge lessons (route-blind healthcheck, ungated dependent, hard-coded tailnet IPs).", env, LintVerb.Run));
        var ports = new Argument<string[]>("ports") { Description = "Ports to probe (25 465 587 143 993 443 8080) or all.", Arity = ArgumentArity.ZeroOrMore };
        var via = new Option<string>("--via") { Description = "edge (as the world sees it), netns (inside the sidecar) or all.", DefaultValueFactory = _ => "edge" };
        via.AcceptOnlyFromAmong("edge", "netns", "all");
        var probe = new Command("probe", "Probe mail ports politely (one protocol-correct conversation each), within the probe budget: one per target and port per interval.");
        probe.Arguments.Add(ports);
        probe.Options.Add(via);
        probe.SetAction((parse, ct) => GuardedAsync(parse, env, c => ProbeVerb.RunAsync(c, parse.GetValue(ports) ?? [], parse.GetValue(via)!, ct), ct));
        root.Subcommands.Add(probe);
        var certsVia = new Option<string>("--via") { Description = "edge (as the world sees it), netns (inside the sidecar) or all.", DefaultValueFactory = _ => "all" };
        certsVia.AcceptOnlyFromAmong("edge", "netns", "all");
        var certs = new Command("certs", "What each hostname is served on 25/587/465/143/993/443 (subject, names, issuer, expiry, key, SHA-256), judged per port; CAA/DNS-01 truth; the Let's Encrypt budget from Cert Spotter. One sweep per path per probe interval.");
        certs.Options.Add(certsVia);
        certs.SetAction((parse, ct) => GuardedAsync(parse, env, c => CertsVerb.RunAsync(c, parse.GetValue(certsVia)!, ct), ct));
        var reloadYes = new Option<bool>("--yes", "-y") { Description = "Do it without asking (required without a terminal)." };
        var reload = new Command("reload", "Ask Stalwart to reload its TLS certificates through its API (asks once, writes an audit line), then re-inspect every port. Refused under --read-only (exit 3).");
        reload.Options.Add(reloadYes);
        reload.SetAction((parse, ct) => GuardedAsync(parse, env, c => CertsReloadVerb.RunAsync(c, parse.GetValue(reloadYes), ct), ct));
        certs.Subcommands.Add(reload);
        root.Subcommands.Add(certs);
        var only = new Option<string[]>("--only") { Description = "Run only these checks (ids or prefixes), e.g. --only certs --only dns.", AllowMultipleArgumentsPerToken = true };
        var skip = new Option<string[]>("--skip") { Description = "Skip these checks (ids or prefixes).", AllowMultipleArgumentsPerToken = true };
        var doctor = new Command("doctor", "Run every check concurrently, each with its own deadline, and print findings with their lesson and fix. Never probes or tests the key over budget (reports 'skipped: budget, next at …').");
        doctor.Options.Add(only);
        doctor.Options.Add(skip);
        var changes = new Option<bool>("--changes") { Description = "Show only what is new, gone or changed since the previous doctor run (kept in the state directory)." };
        doctor.Options.Add(changes);
        doctor.SetAction((parse, ct) => GuardedAsync(parse, env, c => DoctorVerb.RunAsync(c, parse.GetValue(only) ?? [], parse.GetValue(skip) ?? [], ct, parse.GetValue(changes)), ct));
        root.Subcommands.Add(doctor);
        var followOption = new Option<bool>("--follow", "-f") { Description = "Keep following (JSON Lines under --json)." };
        var grepOption = new Option<string?>("--grep") { Description = "Only lines matching this regular expression (case-insensitive)." };
        var sinceOption = new Option<string?>("--since") { Description = "Only lines of the last DURATION: 90s, 15m, 2h, 1d (default: the last logs.tail lines per service)." };
        var explainOption = new Option<bool>("--explain") { Description = "Explain known lines (DB failures, DNS-01 key errors, bans, the self-signed fallback…) with their lesson and fix." };
        var logs = new Command("logs", "The merged log of Stalwart, the sidecar and the edge, by time, from Docker.");
        foreach (Option o in new Option[] { followOption, grepOption, sinceOption, explainOption })
            logs.Options.Add(o);
        logs.SetAction((parse, ct) => GuardedAsync(parse, env, c => LogsVerb.RunAsync(c, parse.GetValue(followOption), parse.GetValue(grepOption), parse.GetValue(sinceOption), parse.GetValue(explainOption), ct), ct));
        root.Subcommands.Add(logs);
        root.Subcommands.Add(BansVerb.Create((parse, run, ct) => GuardedAsync(parse, env, run, ct)));
        root.Subcommands.Add(AsyncVerb("key-test", "Test the Spaceship API key behind DNS-01 with one request, and explain the answer (lesson 2). At most one per 10 s.", env, KeyTestVerb.RunAsync));
        root.Subcommands.Add(Verb("version", "Print tailwart's version.", env, VersionVerb.Run));
        var shell = new Argument<string>("shell") { Description = "The shell: bash." };
        shell.AcceptOnlyFromAmong("bash");
        var completion = new Command("completion", "Print a shell completion script generated from tailwart's own verbs and options, e.g. tailwart completion bash > /etc/bash_completion.d/tailwart.");
        completion.Arguments.Add(shell);
        completion.SetAction(_ =>
        {
            env.Out.Write(CompletionVerb.Bash(root));
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(completion);
        root.Subcommands.Add(ParsedVerb(UpVerb.Create(), env, UpVerb.RunAsync));
        root.Subcommands.Add(ParsedVerb(SuperviseVerb.Create(), env, SuperviseVerb.RunAsync));
        root.Subcommands.Add(ParsedVerb(new Command("status", "Services, state, health, restart counts, and the Postgres route level reached from the sidecar's netns (read-only)."), env, StatusVerb.RunAsync));
        root.SetAction((parse, ct) => Guarded(parse, env, c => TuiVerb.Run(c, launchTui), ct));
        ManualHelpAction.Install(root);
        return root;
    }

    private static Command Verb(string name, string description, CliEnvironment env, Func<VerbContext, int> run)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => Guarded(parse, env, run, ct));
        return command;
    }

    private static Command AsyncVerb(string name, string description, CliEnvironment env, Func<VerbContext, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => GuardedAsync(parse, env, c => run(c, ct), ct));
        return command;
    }

    /// <summary>A verb that reads its own arguments from the parse result.</summary>
    private static Command ParsedVerb(Command command, CliEnvironment env, Func<VerbContext, ParseResult, CancellationToken, Task<int>> run)
    {
        command.SetAction((parse, ct) => GuardedAsync(parse, env, context => run(context, parse, ct), ct));
        return command;
    }

    private static Task<int> Guarded(ParseResult parse, CliEnvironment env, Func<VerbContext, int> run, CancellationToken ct) =>
        GuardedAsync(parse, env, c => Task.FromResult(run(c)), ct);

    /// <summary>Runs a verb and turns every way it can fail into the exit-code contract.</summary>
    private static async Task<int> GuardedAsync(ParseResult parse, CliEnvironment env, Func<VerbContext, Task<int>> run, CancellationToken ct)
    {
        using var context = new VerbContext(CliSettings.From(parse, env), env);
        try
        {
            ct.ThrowIfCancellationRequested();
            int code = await run(context).ConfigureAwait(false);
            return ct.IsCancellationRequested && ShutdownSignals.Current?.Received is not null ? ShutdownSignals.Conclude(context, parse, finished: true) : code;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ShutdownSignals.Conclude(context, parse, finished: false);
        }
        catch (ConfigInvalidException e)
        {
            ReportConfigProblems(context, e.Result);
            return ExitCodes.Failure;
        }
        catch (ActionRefusedException e)
        {
            // a budget or --read-only: one message, exit 3, nothing was sent or changed
            Report(context, e.Message, ExitCodes.RefusedByGuard);
            return ExitCodes.RefusedByGuard;
        }
        catch (UserFacingException e)
        {
            Report(context, e.Message, ExitCodes.Failure);
            return ExitCodes.Failure;
        }
#pragma warning disable CA1031 // The last line of defence: a bug must still end as a message and exit 2.
        catch (Exception e)
#pragma warning restore CA1031
        {
            context.Logging.CreateLogger("tailwart").LogError(e, "Unexpected error");
            Report(context, $"unexpected error: {e.Message} (details in {context.State.LogDirectory})", ExitCodes.Failure);
            return ExitCodes.Failure;
        }
    }

    private static void ReportConfigProblems(VerbContext context, ConfigLoadResult result)
    {
        if (context.Settings.Json)
        {
            var problems = result.Problems.Select(ProblemReport.From).ToList();
            context.Output.Json(new ErrorReport("the config has errors", ExitCodes.Failure, problems), CliJson.Default.ErrorReport);
            return;
        }
        foreach (ConfigProblem problem in result.Problems)
            context.Output.Problem(problem);
        context.Output.Error($"{result.File}: fix the error(s) above; nothing was changed.");
    }

    private static void Report(VerbContext context, string message, int exitCode)
    {
        if (context.Settings.Json)
            context.Output.Json(new ErrorReport(message, exitCode), CliJson.Default.ErrorReport);
        else
            context.Output.Error(message);
    }
}
