using System.Text.Json.Nodes;

namespace Tailwart.Core.Config;

/// <summary>
/// One leaf key of tailwart.json as the schema documents it: the single source of its default and
/// its meaning, read by `tailwart config show --defaults`, the man page and README's config table.
/// </summary>
/// <param name="Path">Dotted path, e.g. <c>probes.intervalSeconds</c>.</param>
/// <param name="Required">Required within its section (a section may itself be optional).</param>
/// <param name="HasDefault">The schema names a default; <see cref="Default"/> is then that value (null included).</param>
/// <param name="Description">The key's own description, or that of the definition it refers to.</param>
/// <param name="Choices">The allowed values of an enum, else empty.</param>
public sealed record ConfigKey(string Path, bool Required, bool HasDefault, JsonNode? Default, string Description, IReadOnlyList<string> Choices, long? Minimum, long? Maximum)
{
    /// <summary>The description with the allowed values or range, as one sentence list.</summary>
    public string Meaning
    {
        get
        {
            var parts = new List<string>();
            if (Description.Length > 0)
                parts.Add(Description);
            if (Choices.Count > 0)
                parts.Add("One of " + string.Join(", ", Choices.Select(c => $"`{c}`")) + ".");
            if (Minimum is long min && Maximum is long max)
                parts.Add($"Range {min}–{max}.");
            return string.Join(' ', parts);
        }
    }
}
