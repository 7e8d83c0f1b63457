using Tailwart.Core.Checks;

namespace Tailwart.Core.Presenting;

/// <summary>
/// A severity as a symbol and a word: colour alone does not survive a monochrome theme, NO_COLOR or
/// a screenshot pasted into a ticket, so every presented finding carries both.
/// </summary>
public static class SeverityMark
{
    public static string Symbol(Severity severity) => severity switch
    {
        Severity.Failure => "✗",
        Severity.Warning => "!",
        Severity.Info => "·",
        _ => "✓",
    };

    public static string Word(Severity severity) => severity switch
    {
        Severity.Failure => "failure",
        Severity.Warning => "warning",
        Severity.Info => "info",
        _ => "ok",
    };
}
