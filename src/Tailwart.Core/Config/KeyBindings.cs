namespace Tailwart.Core.Config;

/// <summary>The TUI's configurable keys, in Terminal.Gui's key notation.</summary>
public sealed record KeyBindings
{
    public string Quit { get; init; } = "Ctrl+Q";
    public string Help { get; init; } = "?";
    public string Command { get; init; } = ":";
    public string BringUp { get; init; } = "U";
    public string Refresh { get; init; } = "F5";
}
