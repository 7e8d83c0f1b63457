using Tailwart.Core.Checks;

namespace Tailwart.Core.Acme;

/// <summary>Is it safe to retry issuance now, and if not, from when — with the counts behind the answer.</summary>
public sealed record BudgetAssessment(
    bool SafeNow,
    DateTimeOffset? SafeFrom,
    int DuplicatesLast7Days,
    int FailedValidationsLastHour,
    int OrdersLast3Hours,
    string? IdentifierSet,
    IReadOnlyList<Finding> Findings);
