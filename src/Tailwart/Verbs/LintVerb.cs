using Tailwart.Core.Lint;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart lint`: reads the compose files, .env and Caddyfiles; touches nothing running.</summary>
public static class LintVerb
{
    public static int Run(VerbContext context) =>
        FindingPrinter.Print(context, ComposeLint.Run(context.RequireConfig()), "compose files: no findings.");
}
