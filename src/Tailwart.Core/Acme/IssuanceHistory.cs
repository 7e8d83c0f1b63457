namespace Tailwart.Core.Acme;

/// <summary>What tailwart knows of a domain's issuances, from Cert Spotter or its cache.</summary>
public sealed record IssuanceHistory(string Domain, IReadOnlyList<Issuance> Issuances, DateTimeOffset FetchedAt, bool FromCache, bool Partial, DateTimeOffset? RetryAfter, string? Problem);
