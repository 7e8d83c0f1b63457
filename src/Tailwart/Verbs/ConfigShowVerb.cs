using System.CommandLine;
using System.Text.Json;
using Tailwart.Core.Config;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart config show`: the effective config (file + TAILWART__ overrides), secrets masked.
/// `--defaults`: what a key left out of tailwart.json is, read from the schema (the one place the
/// defaults are written down) and needing no config file.
/// </summary>
public static class ConfigShowVerb
{
    // A person reads this: Ctrl+Q stays Ctrl+Q, not Ctrl\u002BQ.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(VerbRunner guarded)
    {
        var defaults = new Option<bool>("--defaults") { Description = "Print the default of every optional key (from the config schema) instead; needs no config file." };
        var show = new Command("show", "Print the effective config (file + TAILWART__ overrides) with secrets masked.");
        show.Options.Add(defaults);
        show.SetAction((parse, ct) => guarded(parse, c => Task.FromResult(parse.GetValue(defaults) ? Defaults(c) : Run(c)), ct));
        return show;
    }

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

    public static int Defaults(VerbContext context)
    {
        var defaults = ConfigSchema.Instance.Defaults();
        if (context.Settings.Json)
        {
            context.Output.Json(new ConfigDefaultsReport(defaults), CliJson.Default.ConfigDefaultsReport);
        }
        else
        {
            context.Output.Line("# defaults of the optional keys (from tailwart.schema.json); a key left out of tailwart.json takes these");
            context.Output.Line(defaults.ToJsonString(Indented));
        }
        return ExitCodes.Ok;
    }
}
