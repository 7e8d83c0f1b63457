using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Tailwart.Cli;

/// <summary>
/// `--help` as a man page: System.CommandLine's own help (description, usage, arguments, options,
/// subcommands), then EXIT CODES, EXAMPLES, FILES and SEE ALSO from <see cref="VerbManuals"/>.
/// Wraps the default action instead of re-implementing its layout, so option rows stay generated.
/// </summary>
internal sealed class ManualHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        int exit = standard.Invoke(parseResult);
        TextWriter output = parseResult.InvocationConfiguration.Output;
        if (VerbManuals.For(VerbManuals.PathOf(parseResult.CommandResult.Command)) is VerbManual manual)
            Write(manual, output);
        return exit;
    }

    public static void Write(VerbManual manual, TextWriter output)
    {
        output.WriteLine("Exit codes:");
        foreach (var (code, meaning) in manual.ExitCodes)
            output.WriteLine($"  {code,-5}{meaning}");
        output.WriteLine();
        output.WriteLine("Examples:");
        foreach (var (command, what) in manual.Examples)
        {
            output.WriteLine($"  {command}");
            output.WriteLine($"      {what}");
        }
        output.WriteLine();
        if (manual.Files.Count > 0)
        {
            output.WriteLine("Files:");
            foreach (string file in manual.Files)
                output.WriteLine($"  {file}");
            if (manual.Files.Any(f => f.StartsWith("$XDG_STATE_HOME", StringComparison.Ordinal)))
                output.WriteLine("  ($XDG_STATE_HOME defaults to ~/.local/state; tailwart keeps its directory mode 0700)");
            output.WriteLine();
        }
        if (manual.SeeAlso.Count > 0)
        {
            output.WriteLine("See also:");
            output.WriteLine("  " + string.Join(", ", manual.SeeAlso));
            output.WriteLine();
        }
    }

    /// <summary>Puts this action behind every help option in the tree (the root's is recursive; a subcommand may carry its own).</summary>
    public static void Install(Command root)
    {
        foreach (Option option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction standard } help)
                help.Action = new ManualHelpAction(standard);
        }
    }
}
