namespace Tailwart.Core.Config;

/// <summary>The TUI's configurable keys, in Terminal.Gui's key notation.</summary>
public sealed record KeyBindings
{
    public string Quit { get; set; } = "Ctrl+Q";
    public string Help { get; set; } = "?";
    public string Command { get; set; } = ":";
    public string BringUp { get; set; } = "U";
    public string Refresh { get; set; } = "F5";
}
