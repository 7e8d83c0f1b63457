using Terminal.Gui.Input;

namespace Tailwart.Tui.Keys;

/// <summary>Key names from tailwart.json ("Ctrl+Q", "F5", "?") in Terminal.Gui's notation.</summary>
public static class KeyNames
{
    public static Key Parse(string? name, Key fallback) =>
        !string.IsNullOrWhiteSpace(name) && Key.TryParse(name, out Key key) ? key : fallback;

    /// <summary>How a key is shown on the status bar and in help: "q", "Ctrl+Q", "Shift+Tab", "Enter".</summary>
    public static string Show(Key key) => key.ToString();
}
