using Tailwart.Core.Presenting;
using Tailwart.Tui.Keys;

namespace Tailwart.Tui;

/// <summary>The `?` help and the README's key list, both from the key table and the `:` table.</summary>
public static class HelpText
{
    public static IReadOnlyList<PresentedLine> Lines(KeyMap keys)
    {
        var lines = new List<string>();
        foreach (var group in keys.All.GroupBy(b => b.Scope))
        {
            lines.Add(group.Key == KeyMap.Global ? "Everywhere" : $"In {group.Key}");
            lines.AddRange(group.Select(b => $"  {KeyNames.Show(b.Key),-10} {b.Name,-9} {b.Description}"));
            lines.Add("");
        }
        lines.Add("Commands (after :)");
        lines.AddRange(KeyMap.Typed.Select(c => $"  :{c.Usage,-28} {c.Description}"));
        lines.Add("");
        lines.Add("End of help: Esc or ? closes it.");
        return [.. lines.Select(PresentedLine.Plain)];
    }

    /// <summary>The README's key list (markdown), generated from the same tables.</summary>
    public static string Markdown(KeyMap keys) =>
        string.Join('\n', keys.All.Select(b => $"| `{KeyNames.Show(b.Key)}` | {(b.Scope == KeyMap.Global ? "everywhere" : b.Scope)} | {b.Description} |")
            .Prepend("|---|---|---|").Prepend("| Key | Where | What it does |")
            .Concat(["", "| Command | What it does |", "|---|---|"])
            .Concat(KeyMap.Typed.Select(c => $"| `:{c.Usage.Replace("|", "\\|", StringComparison.Ordinal)}` | {c.Description} |")));
}
