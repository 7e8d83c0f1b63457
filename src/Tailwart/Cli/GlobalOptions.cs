using System.CommandLine;

namespace Tailwart.Cli;

/// <summary>Options every verb accepts (recursive), read once into <see cref="CliSettings"/>.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "Config file. Default: $TAILWART_CONFIG, ./tailwart.json, $XDG_CONFIG_HOME/tailwart/tailwart.json, /etc/tailwart/tailwart.json.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Machine-readable output on stdout (one JSON document).", Recursive = true };

    public static readonly Option<bool> NoColor = new("--no-color") { Description = "No colour (also when NO_COLOR is set or TERM=dumb).", Recursive = true };

    public static readonly Option<bool> ReadOnly = new("--read-only") { Description = "Look, never touch: every action is refused (exit 3).", Recursive = true };

    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Debug detail in the log file and in error messages.", Recursive = true };

    public static IEnumerable<Option> All => [Config, Json, NoColor, ReadOnly, Verbose];
}
