using System.Text.Json;
using Tailwart.Core.Config;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart config show`: the effective config (file + TAILWART__ overrides), secrets masked.</summary>
public static class ConfigShowVerb
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(VerbContext context)
    {
        context.RequireConfig();
        ConfigLoadResult result = context.LoadConfig();
        var masked = result.MaskedJson()!;
        if (context.Settings.Json)
        {
            context.Output.Json(new ConfigShowReport(result.File, masked), CliJson.Default.ConfigShowReport);
        }
        else
        {
            context.Output.Line($"# {result.File} (environment overrides applied, secrets shown as references)");
            context.Output.Line(masked.ToJsonString(Indented));
        }
        return ExitCodes.Ok;
    }
}
