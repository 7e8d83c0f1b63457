namespace Tailwart.Core.Checks;

/// <summary>How one check ended, how long it took, and what it found.</summary>
public sealed record CheckResult(string Id, string Title, CheckOutcome Outcome, TimeSpan Elapsed, IReadOnlyList<Finding> Findings);
