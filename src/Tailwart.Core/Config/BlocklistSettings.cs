namespace Tailwart.Core.Config;

/// <summary>
/// Which DNS blocklists the doctor asks, and how gently. The defaults are the lists receivers
/// use most and that answer low-volume queries free of charge; Spamhaus refuses queries that
/// arrive through public resolvers (8.8.8.8, 1.1.1.1), which tailwart reports as "refused".
/// </summary>
public sealed record BlocklistSettings
{
    public IReadOnlyList<string> IpZones { get; set; } = ["zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org"];

    public IReadOnlyList<string> DomainZones { get; set; } = ["dbl.spamhaus.org"];

    /// <summary>An answer is reused for this long before the list is asked again.</summary>
    public int CacheMinutes { get; set; } = 360;

    /// <summary>At most this many new queries per run; the rest wait for the next run.</summary>
    public int MaxQueriesPerRun { get; set; } = 8;
}
