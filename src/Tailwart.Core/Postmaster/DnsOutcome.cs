namespace Tailwart.Core.Postmaster;

/// <summary>
/// How a lookup ended, in the terms a receiver's verdict depends on: RFC 7208 §4.4 treats
/// NXDOMAIN and "no data" as void lookups, a SERVFAIL or timeout as a temporary error, and a
/// DNSBL answers "not listed" with NXDOMAIN but "refused" with data (Spamhaus 127.255.255.x).
/// </summary>
public enum DnsOutcome
{
    Answer,
    NoData,
    NxDomain,
    ServFail,
    Refused,
    Timeout,
    Error,
}
