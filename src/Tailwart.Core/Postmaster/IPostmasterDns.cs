using DnsClient;

namespace Tailwart.Core.Postmaster;

/// <summary>The lookups the postmaster checks make; one implementation over DnsClient, fakes in unit tests.</summary>
internal interface IPostmasterDns
{
    /// <summary>Never throws for DNS trouble (timeouts, SERVFAIL): that is an outcome. Throws only when <paramref name="ct"/> is cancelled.</summary>
    Task<DnsAnswer> QueryAsync(string name, QueryType type, CancellationToken ct = default);
}
