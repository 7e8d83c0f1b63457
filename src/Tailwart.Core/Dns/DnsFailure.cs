using DnsClient;

namespace Tailwart.Core.Dns;

/// <summary>
/// The exceptions DnsClient throws even with ThrowDnsErrors off: a resolver that never answers
/// (timeout), answers garbage (parse error) or answers another query (id mismatch). They are
/// facts about the resolver, to be reported, not bugs to crash on.
/// </summary>
public static class DnsFailure
{
    public static bool Is(Exception e) => e is DnsResponseException or DnsResponseParseException or DnsXidMismatchException or DnsQueryException;

    /// <summary>
    /// DnsClient's query, with the <see cref="ArgumentException"/> DnsClient 1.8.0 also throws turned into a
    /// <see cref="DnsQueryException"/> that <see cref="Is"/> knows. It throws one for a name it cannot encode (a
    /// label over 63 bytes, as a hostile SPF record can hand over) and, now and then, for an answer that is not
    /// DNS (an ArraySegment past the datagram: 15 and 16 of 3000 and 4000 random answers here, not replayable).
    /// </summary>
    public static async Task<IDnsQueryResponse> AskAsync(this IDnsQuery dns, string name, QueryType type, CancellationToken ct)
    {
        try
        {
            return await dns.QueryAsync(name, type, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new DnsQueryException(name, e);
        }
    }

    /// <summary>The first line of DnsClient's message (a parse error appends the raw answer in base64).</summary>
    public static string Describe(Exception e) => e.Message.Split('\n')[0].Trim();
}
