using System.CommandLine;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart config check|show`: the group; each subcommand lives in its own file.</summary>
public static class ConfigVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var config = new Command("config", "Check or show the tailwart config.");
        config.Subcommands.Add(ConfigCheckVerb.Create(guarded));
        config.Subcommands.Add(ConfigShowVerb.Create(guarded));
        return config;
    }
}
