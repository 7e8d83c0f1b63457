namespace Tailwart.Core.Guards;

/// <summary>Whether the ledger granted an action now, and if not, when it next may.</summary>
public sealed record LedgerDecision(bool Granted, DateTimeOffset? LastAt, DateTimeOffset NextAllowedAt);
