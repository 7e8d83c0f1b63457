using DnsClient;

namespace Tailwart.Core.Dns;

/// <summary>
/// The exceptions DnsClient throws even with ThrowDnsErrors off: a resolver that never answers
/// (timeout), answers garbage (parse error) or answers another query (id mismatch). They are
/// facts about the resolver, to be reported, not bugs to crash on.
/// </summary>
public static class DnsFailure
{
    public static bool Is(Exception e) => e is DnsResponseException or DnsResponseParseException or DnsXidMismatchException;

    /// <summary>The first line of DnsClient's message (a parse error appends the raw answer in base64).</summary>
    public static string Describe(Exception e) => e.Message.Split('\n')[0].Trim();
}
