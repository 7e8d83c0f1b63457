using Tailwart.Core.Checks;

namespace Tailwart.Cli.Verbs;

/// <summary>A finding as --json shows it.</summary>
public sealed record FindingLine(string Id, string Severity, string Title, string Evidence, int? Lesson, string Fix)
{
    /// <summary>With doctor --changes: new, changed, unchanged or gone against the previous run.</summary>
    public string? Change { get; init; }

    public static FindingLine From(Finding f) => new(f.Id, f.Severity.ToString().ToLowerInvariant(), f.Title, f.Evidence, f.Lesson, f.Fix) { Change = f.Change?.ToString().ToLowerInvariant() };
}
