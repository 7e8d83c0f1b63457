namespace Tailwart.Tui.Keys;

/// <summary>One `:` command: the words that call it, the command id it runs (the same handler table as the keys), its argument and what it does.</summary>
public sealed record TypedCommand(IReadOnlyList<string> Words, string Command, string Argument, string Description)
{
    public string Usage => Argument.Length == 0 ? Words[0] : $"{Words[0]} {Argument}";
}
