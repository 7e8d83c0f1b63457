using System.CommandLine;
using Microsoft.Extensions.Logging;
using Tailwart.Cli.Verbs;
using Tailwart.Core;
using Tailwart.Core.Config;
using Tailwart.Tui;

namespace Tailwart.Cli;

/// <summary>
/// The `tailwart` command line: verbs, global options and the exit-code contract. Every failure
/// ends as a message and an exit code, never a stack trace (that goes to the log file).
/// </summary>
public static class TailwartCli
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, Func<TuiOptions, int>? launchTui = null, CancellationToken ct = default)
    {
        RootCommand root = Build(env, launchTui ?? TuiHost.Run);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                env.Error.WriteLine("tailwart: " + error.Message);
            env.Error.WriteLine("Run 'tailwart --help' for usage.");
            return ExitCodes.Failure;
        }
        var config = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(config, ct).ConfigureAwait(false);
    }

    private static RootCommand Build(CliEnvironment env, Func<TuiOptions, int> launchTui)
    {
        var root = new RootCommand("tailwart: supervise a Stalwart mail stack behind a Tailscale sidecar. With no verb, opens the TUI.");
        foreach (Option option in GlobalOptions.All)
            root.Options.Add(option);

        var config = new Command("config", "Check or show the tailwart config.");
        config.Subcommands.Add(Verb("check", "Validate the config against its schema and resolve every secret reference. Exit 0 ok, 1 warnings, 2 errors.", env, ConfigCheckVerb.Run));
        config.Subcommands.Add(Verb("show", "Print the effective config (file + TAILWART__ overrides) with secrets masked.", env, ConfigShowVerb.Run));
        root.Subcommands.Add(config);
        root.Subcommands.Add(Verb("version", "Print tailwart's version.", env, VersionVerb.Run));
        root.Subcommands.Add(AsyncVerb(UpVerb.Create(), env, UpVerb.RunAsync));
        root.Subcommands.Add(AsyncVerb(new Command("status", "Services, state, health, restart counts, and the Postgres route level reached from the sidecar's netns (read-only). Exit 0 route verified, 1 not verified, 2 error."), env, StatusVerb.RunAsync));
        root.SetAction((parse, ct) => Guarded(parse, env, c => TuiVerb.Run(c, launchTui), ct));
        return root;
    }

    private static Command Verb(string name, string description, CliEnvironment env, Func<VerbContext, int> run)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => Guarded(parse, env, run, ct));
        return command;
    }

    private static Command AsyncVerb(Command command, CliEnvironment env, Func<VerbContext, ParseResult, CancellationToken, Task<int>> run)
    {
        command.SetAction((parse, ct) => GuardedAsync(parse, env, (context, token) => run(context, parse, token), ct));
        return command;
    }

    private static Task<int> Guarded(ParseResult parse, CliEnvironment env, Func<VerbContext, int> run, CancellationToken ct) =>
        GuardedAsync(parse, env, (context, _) => Task.FromResult(run(context)), ct);

    /// <summary>Runs a verb and turns every way it can fail into the exit-code contract.</summary>
    private static async Task<int> GuardedAsync(ParseResult parse, CliEnvironment env, Func<VerbContext, CancellationToken, Task<int>> run, CancellationToken ct)
    {
        using var context = new VerbContext(CliSettings.From(parse, env), env);
        try
        {
            ct.ThrowIfCancellationRequested();
            return await run(context, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            context.Output.Error("interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (ConfigInvalidException e)
        {
            ReportConfigProblems(context, e.Result);
            return ExitCodes.Failure;
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
