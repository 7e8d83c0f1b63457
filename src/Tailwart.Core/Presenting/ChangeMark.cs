using Tailwart.Core.Checks;

namespace Tailwart.Core.Presenting;

/// <summary>
/// How a finding compares with the previous `tailwart doctor` run, as a symbol and a word (like
/// <see cref="SeverityMark"/>: colour alone does not survive NO_COLOR or a pasted screenshot).
/// Shared by `doctor --changes` and the TUI's Checks pane.
/// </summary>
public static class ChangeMark
{
    /// <summary>"+ new ", "~ changed ", "- gone ", or nothing for an unchanged or uncompared finding.</summary>
    public static string Prefix(FindingChange? change) => change switch
    {
        FindingChange.New => "+ new ",
        FindingChange.Changed => "~ changed ",
        FindingChange.Gone => "- gone ",
        _ => "",
    };

    /// <summary>"since 2026-12-02 11:00:00Z: 1 new, 2 gone, 0 changed".</summary>
    public static string Summary(DateTimeOffset since, IEnumerable<Finding> current, IReadOnlyCollection<Finding> gone)
    {
        var list = current.ToList();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"since {since.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z: {list.Count(f => f.Change == FindingChange.New)} new, {gone.Count} gone, {list.Count(f => f.Change == FindingChange.Changed)} changed");
    }
}
