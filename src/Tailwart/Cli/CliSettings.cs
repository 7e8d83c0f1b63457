using System.CommandLine;

namespace Tailwart.Cli;

/// <summary>The global options of one invocation, with NO_COLOR and TERM=dumb folded in.</summary>
public sealed record CliSettings(string? ConfigPath, bool Json, bool Color, bool ReadOnly, bool Verbose)
{
    public static CliSettings From(ParseResult parse, CliEnvironment env) => new(
        parse.GetValue(GlobalOptions.Config),
        parse.GetValue(GlobalOptions.Json),
        Color: !parse.GetValue(GlobalOptions.NoColor) && string.IsNullOrEmpty(env.Get("NO_COLOR")) && env.Get("TERM") != "dumb" && env.IsTerminal,
        parse.GetValue(GlobalOptions.ReadOnly),
        parse.GetValue(GlobalOptions.Verbose));
}
