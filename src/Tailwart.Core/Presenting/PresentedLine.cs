using Tailwart.Core.Checks;

namespace Tailwart.Core.Presenting;

/// <summary>
/// One line of a presented record: the text a list shows (and the CLI prints), its severity (for the
/// colour and symbol), and the whole story behind it, shown when the line is opened (Enter in the TUI).
/// </summary>
public sealed record PresentedLine(string Text, Severity Severity, string Detail)
{
    public static PresentedLine Plain(string text) => new(text, Severity.Ok, text);
}
