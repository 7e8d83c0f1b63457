namespace Tailwart.Core.Postmaster;

/// <summary>What one blocklist said about one address or domain.</summary>
public enum DnsblVerdict
{
    /// <summary>NXDOMAIN: not listed.</summary>
    Clean,

    /// <summary>An answer in 127.0.0.0/8 (other than the refusal codes): listed.</summary>
    Listed,

    /// <summary>The list refused to answer this resolver (Spamhaus 127.255.255.252/254/255): says nothing about a listing.</summary>
    Refused,

    /// <summary>No answer within the timeout.</summary>
    Timeout,

    /// <summary>The resolver failed (SERVFAIL, REFUSED): nothing is known.</summary>
    Failed,

    /// <summary>An answer outside 127.0.0.0/8: a resolver that rewrites NXDOMAIN, not the list.</summary>
    Unexpected,
}
