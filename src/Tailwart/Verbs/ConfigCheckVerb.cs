using System.CommandLine;
using Tailwart.Core.Config;
using Tailwart.Core.Secrets;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart config check`: validates the config against the schema, then resolves every secret
/// reference (without printing a value), so an admin knows the config is usable on this box.
/// Exit 0 clean, 1 warnings only, 2 errors.
/// </summary>
public static class ConfigCheckVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var check = new Command("check", "Validate the config against its schema and resolve every secret reference.");
        check.SetAction((parse, ct) => guarded(parse, c => Task.FromResult(Run(c)), ct));
        return check;
    }

    public static int Run(VerbContext context)
    {
        ConfigLoadResult result = context.LoadConfig();
        var problems = result.Problems.ToList();
        if (!result.HasErrors)
            problems.AddRange(UnresolvableSecrets(context, result.Config!));

        int errors = problems.Count(p => p.Severity == ConfigSeverity.Error);
        int warnings = problems.Count - errors;
        if (context.Settings.Json)
        {
            context.Output.Json(new ConfigReport(result.File, errors == 0, errors, warnings, problems.Select(ProblemLine.From).ToList()), CliJson.Default.ConfigReport);
        }
        else
        {
            problems.ForEach(context.Output.Problem);
            context.Output.Line(errors == 0
                ? $"{result.File}: OK{(warnings > 0 ? $" with {warnings} warning(s)" : "")}"
                : $"{result.File}: {errors} error(s), {warnings} warning(s); nothing was changed.");
        }
        return errors > 0 ? ExitCodes.Failure : warnings > 0 ? ExitCodes.Warnings : ExitCodes.Ok;
    }

    private static IEnumerable<ConfigProblem> UnresolvableSecrets(VerbContext context, TailwartConfig config)
    {
        foreach (var (path, reference) in config.SecretReferences())
        {
            ConfigProblem? problem = null;
            try
            {
                context.ResolveSecret(config, path, reference);
            }
            catch (SecretUnavailableException e)
            {
                problem = new ConfigProblem(ConfigSeverity.Error, config.SourcePath, null, path, e.Reason);
            }
            if (problem is not null)
                yield return problem;
        }
    }
}
