using Tailwart.Core.Checks;

namespace Tailwart.Core.Presenting;

/// <summary>
/// One line of a presented record: the text a list shows (and the CLI prints), its severity (for the
/// colour and symbol), and the whole story behind it, shown when the line is opened (Enter in the TUI).
/// </summary>
public sealed record PresentedLine(string Text, Severity Severity, string Detail)
{
    /// <summary>Parts of the line that open on their own (a matrix row's cells), left to right; empty for a plain line.</summary>
    public IReadOnlyList<PresentedCell> Cells { get; init; } = [];

    public static PresentedLine Plain(string text) => new(text, Severity.Ok, text);
}
