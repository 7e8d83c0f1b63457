using System.CommandLine;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart lint`: compose's own model of the files (one `compose config`), .env and Caddyfiles; touches nothing running.</summary>
public static class LintVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var lint = new Command("lint", "Check the compose files, .env and Caddyfiles against the edge lessons (route-blind healthcheck, ungated dependent, hard-coded tailnet IPs).");
        lint.SetAction((parse, ct) => guarded(parse, c => RunAsync(c, ct), ct));
        return lint;
    }

    public static async Task<int> RunAsync(VerbContext context, CancellationToken ct)
    {
        _ = context.RequireConfig();
        return FindingPrinter.Print(context, await context.Core.LintModelAsync(ct).ConfigureAwait(false), "compose files: no findings.");
    }
}
