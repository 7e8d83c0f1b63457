using Terminal.Gui.Input;

namespace Tailwart.Tui.Keys;

/// <summary>One key, what it does, and where it works ("global" or a pane's name).</summary>
public sealed record Binding(Key Key, string Name, string Description, string Scope);
