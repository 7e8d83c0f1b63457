using Terminal.Gui.Input;

namespace Tailwart.Tui.Keys;

/// <summary>One key, the command it runs (an id in the handler table), its label, what it does, and where it works ("global" or a pane's name).</summary>
public sealed record Binding(Key Key, string Command, string Name, string Description, string Scope);
