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
        // `--version` is the same answer (System.CommandLine's own would print the assembly version
        // with its commit hash, ignore --json, and refuse any other flag beside it).
        if (VersionAnswer(args) is { } answer)
        {
            env.Out.WriteLine(answer);
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

    /// <summary>
    /// What `tailwart version` / `--version` (with --json or harmless flags beside it) prints, or null
    /// for any other command line. Program.cs asks it before it sets up signals or reads the environment.
    /// </summary>
    public static string? VersionAnswer(string[] args)
    {
        if (args is ["version"] or ["--version"])
            return Verbs.VersionVerb.Text(Verbs.VersionVerb.Report());
        if (args.Contains("--version") && args.All(a => a is "--version" or "--json" or "--no-color" or "--verbose" or "-v" or "--read-only"))
        {
            return args.Contains("--json")
                ? System.Text.Json.JsonSerializer.Serialize(Verbs.VersionVerb.Report(), CliJson.Default.VersionReport)
                : Verbs.VersionVerb.Text(Verbs.VersionVerb.Report());
        }
        return null;
    }

    internal static RootCommand Build(CliEnvironment env, Func<TuiOptions, TuiBackend, int> launchTui)
    {
        var root = new RootCommand("tailwart: supervise a Stalwart mail stack behind a Tailscale sidecar. With no verb, opens the TUI.");
        foreach (Option option in GlobalOptions.All)
            root.Options.Add(option);
        VerbRunner guarded = (parse, run, ct) => GuardedAsync(parse, env, run, ct);

        root.Subcommands.Add(ConfigVerb.Create(guarded));
        root.Subcommands.Add(LintVerb.Create(guarded));
        root.Subcommands.Add(ProbeVerb.Create(guarded));
        root.Subcommands.Add(CertsVerb.Create(guarded));
        root.Subcommands.Add(DoctorVerb.Create(guarded));
        root.Subcommands.Add(LogsVerb.Create(guarded));
        root.Subcommands.Add(BansVerb.Create(guarded));
        root.Subcommands.Add(KeyTestVerb.Create(guarded));
        root.Subcommands.Add(VersionVerb.Create(guarded));
        root.Subcommands.Add(CompletionVerb.Create(() => root, env));
        root.Subcommands.Add(UpVerb.Create(guarded));
        root.Subcommands.Add(SuperviseVerb.Create(guarded));
        root.Subcommands.Add(StatusVerb.Create(guarded));
        root.SetAction((parse, ct) => Guarded(parse, env, c => TuiVerb.Run(c, launchTui), ct));
        ManualHelpAction.Install(root);
        return root;
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
            var problems = result.Problems.Select(ProblemLine.From).ToList();
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
