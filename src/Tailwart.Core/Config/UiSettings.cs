namespace Tailwart.Core.Config;

/// <summary>Theme and key bindings of the TUI.</summary>
public sealed record UiSettings
{
    public string Theme { get; init; } = "default";
    public KeyBindings Keybindings { get; init; } = new();
}
