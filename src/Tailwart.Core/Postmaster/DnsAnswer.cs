namespace Tailwart.Core.Postmaster;

/// <summary>
/// One lookup's result, reduced to text so checks and their tests need no DNS library types:
/// TXT strings joined per record, A/AAAA as addresses, MX and PTR as host names without the
/// trailing dot, TLSA as "usage selector matching hexdata".
/// </summary>
/// <param name="Authenticated">The AD bit: the resolver validated the answer with DNSSEC (RFC 4035 §3.2.3).</param>
/// <param name="Signed">RRSIG records came with the answer (the zone is signed), whether or not the resolver validated them.</param>
/// <param name="Error">What went wrong, for evidence, when <paramref name="Outcome"/> is not an answer.</param>
public sealed record DnsAnswer(string Name, DnsOutcome Outcome, IReadOnlyList<string> Data, bool Authenticated = false, string? Error = null, bool Signed = false)
{
    public bool IsVoid => Outcome is DnsOutcome.NoData or DnsOutcome.NxDomain;

    public bool IsTemporaryError => Outcome is DnsOutcome.ServFail or DnsOutcome.Timeout or DnsOutcome.Error or DnsOutcome.Refused;

    public static DnsAnswer Of(string name, params string[] data) => new(name, data.Length == 0 ? DnsOutcome.NoData : DnsOutcome.Answer, data);

    /// <summary>For evidence: the data, or the outcome and error.</summary>
    public string Describe() => Outcome == DnsOutcome.Answer
        ? $"{Name}: {string.Join(", ", Data)}"
        : $"{Name}: {Outcome switch { DnsOutcome.NoData => "no record", DnsOutcome.NxDomain => "NXDOMAIN", DnsOutcome.ServFail => "SERVFAIL", DnsOutcome.Refused => "REFUSED", DnsOutcome.Timeout => "no answer (timeout)", _ => "error" }}{(Error is null ? "" : " (" + Error + ")")}";
}
