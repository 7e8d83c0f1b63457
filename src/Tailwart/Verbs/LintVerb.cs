using System.CommandLine;
using Tailwart.Core.Lint;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart lint`: reads the compose files, .env and Caddyfiles; touches nothing running.</summary>
public static class LintVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var lint = new Command("lint", "Check the compose files, .env and Caddyfiles against the edge lessons (route-blind healthcheck, ungated dependent, hard-coded tailnet IPs).");
        lint.SetAction((parse, ct) => guarded(parse, c => Task.FromResult(Run(c)), ct));
        return lint;
    }

    public static int Run(VerbContext context) =>
        FindingPrinter.Print(context, ComposeLint.Run(context.RequireConfig()), "compose files: no findings.");
}
