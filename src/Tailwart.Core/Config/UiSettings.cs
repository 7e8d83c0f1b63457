namespace Tailwart.Core.Config;

/// <summary>Theme and key bindings of the TUI.</summary>
public sealed record UiSettings
{
    /// <summary>The theme when tailwart.json names none (the TUI's native build preloads it).</summary>
    public const string DefaultTheme = "default";

    public string Theme { get; set; } = DefaultTheme;
    public KeyBindings Keybindings { get; set; } = new();
}
