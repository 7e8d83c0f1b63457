namespace Tailwart.Core.Config;

/// <summary>Theme and key bindings of the TUI.</summary>
public sealed record UiSettings
{
    public string Theme { get; set; } = "default";
    public KeyBindings Keybindings { get; set; } = new();
}
