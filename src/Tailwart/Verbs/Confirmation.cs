namespace Tailwart.Cli.Verbs;

/// <summary>
/// "Asks once, naming exactly what it will do" (DESIGN: actions are honest). With --yes it
/// proceeds; on a terminal it asks on stderr (stdout may be --json); without a terminal it
/// refuses, because a script must say --yes explicitly.
/// </summary>
public static class Confirmation
{
    /// <summary>Null to proceed; otherwise the exit code to return (nothing was changed).</summary>
    public static int? Ask(VerbContext context, string action, bool yes)
    {
        if (yes)
            return null;
        if (!context.Env.IsTerminal)
        {
            context.Output.Error($"refused: this would {action}. No terminal to ask on: pass --yes to confirm. Nothing was changed.");
            return ExitCodes.Failure;
        }
        context.Env.Error.Write($"tailwart: this will {action}. Proceed? [y/N] ");
        string? answer = context.Env.In.ReadLine()?.Trim();
        if (answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase)))
            return null;
        context.Output.Error("not confirmed; nothing was changed.");
        return ExitCodes.Ok;
    }
}
