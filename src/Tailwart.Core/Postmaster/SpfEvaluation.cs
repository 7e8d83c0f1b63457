namespace Tailwart.Core.Postmaster;

/// <summary>What check_host() concluded for one address, and how, for a finding's evidence.</summary>
/// <param name="Matched">The mechanism that decided, e.g. <c>include:_spf.example.net → ip4:192.0.2.0/24</c>; null when none matched.</param>
/// <param name="Lookups">DNS-querying terms counted against the limit of 10 (RFC 7208 §4.6.4).</param>
/// <param name="VoidLookups">Lookups that found nothing, counted against the limit of 2.</param>
/// <param name="Reason">Why the result is an error or none, in plain words.</param>
/// <param name="Record">The SPF record of the top-level domain as published.</param>
public sealed record SpfEvaluation(SpfResult Result, string? Matched, int Lookups, int VoidLookups, string? Reason, string? Record);
