namespace Tailwart.Core.Presenting;

/// <summary>
/// One cell of a presented line that can be opened on its own (a hostname × port of the certs
/// matrix): where it sits in the line's text and the whole story of that one cell.
/// </summary>
/// <param name="Start">Its first column in <see cref="PresentedLine.Text"/>.</param>
/// <param name="Width">How many columns it covers.</param>
/// <param name="Detail">What opening it shows.</param>
public sealed record PresentedCell(int Start, int Width, string Detail);
