using Tailwart.Core.Acme;

namespace Tailwart.Cli.Verbs;

/// <summary>The Let's Encrypt budget as --json shows it.</summary>
public sealed record BudgetLine(bool SafeNow, DateTimeOffset? SafeFrom, int DuplicatesLast7Days, int FailedValidationsLastHour, int OrdersLast3Hours, string? IdentifierSet, bool FromCache, string? Problem)
{
    public static BudgetLine From(BudgetAssessment a, IssuanceHistory h) =>
        new(a.SafeNow, a.SafeFrom, a.DuplicatesLast7Days, a.FailedValidationsLastHour, a.OrdersLast3Hours, a.IdentifierSet, h.FromCache, h.Problem);
}
