namespace Tailwart.Core.Config;

/// <summary>
/// The key names tailwart.json may bind, in Terminal.Gui's notation (<c>Key.TryParse</c>:
/// modifiers Ctrl, Alt, Shift joined by '+', then one character or a KeyCode name), checked at
/// load so a typo like <c>Ctrl+Shift+Banana</c> is an error on its line, not a key that silently
/// falls back to the default. The TUI's tests hold this list to Terminal.Gui's own parser.
/// </summary>
public static class KeyName
{
    private static readonly HashSet<string> Modifiers = new(StringComparer.OrdinalIgnoreCase) { "Ctrl", "Alt", "Shift" };

    /// <summary>Terminal.Gui's KeyCode names besides single characters (KeyCode enum, Terminal.Gui 2.x).</summary>
    private static readonly HashSet<string> Named = new(
        new[] { "Enter", "Esc", "Tab", "Space", "Backspace", "Delete", "Insert", "Home", "End", "PageUp", "PageDown",
            "CursorUp", "CursorDown", "CursorLeft", "CursorRight", "PrintScreen", "Clear" }
        .Concat(Enumerable.Range(1, 24).Select(i => "F" + i))
        .Concat(Enumerable.Range(0, 10).Select(i => "D" + i)),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>A canonical form for comparing bindings ("Ctrl+Q"), or null with why not.</summary>
    public static string? Normalise(string? text, out string? why)
    {
        why = null;
        if (string.IsNullOrEmpty(text))
        {
            why = "empty";
            return null;
        }
        // "+" alone, or "Ctrl++", binds the plus key itself.
        string key;
        string[] modifiers;
        if (text.Length > 1 && text.EndsWith("++", StringComparison.Ordinal))
        {
            key = "+";
            modifiers = text[..^2].Split('+');
        }
        else if (text == "+")
        {
            key = "+";
            modifiers = [];
        }
        else
        {
            string[] parts = text.Split('+');
            key = parts[^1];
            modifiers = parts[..^1];
        }
        var mods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string m in modifiers)
        {
            if (!Modifiers.Contains(m))
            {
                why = $"{m} is not a modifier (Ctrl, Alt, Shift)";
                return null;
            }
            if (!mods.Add(Capitalise(m)))
            {
                why = $"{m} is written twice";
                return null;
            }
        }
        string name;
        if (key.Length == 1 && !char.IsControl(key[0]) && !char.IsWhiteSpace(key[0]))
            name = key;
        else if (Named.TryGetValue(key, out string? known))
            name = known;
        else
        {
            why = key.Length == 0 ? "no key after the modifiers" : $"{key} is not a key (a single character, F1-F24, Enter, Esc, Tab, Space, Backspace, Delete, Insert, Home, End, PageUp, PageDown, CursorUp/Down/Left/Right)";
            return null;
        }
        return string.Join('+', mods.Append(name));
    }

    private static string Capitalise(string m) => char.ToUpperInvariant(m[0]) + m[1..].ToLowerInvariant();
}
