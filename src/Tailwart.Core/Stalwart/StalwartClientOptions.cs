namespace Tailwart.Core.Stalwart;

/// <summary>Bounds on every management call (DESIGN: everything bounded).</summary>
public sealed record StalwartClientOptions
{
    /// <summary>
    /// Per call, connect to last byte. A hung admin listener ("accepts and never answers") ends here;
    /// reads try every path at once, so `bans` and the doctor give up on a hung API within 10 s overall.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The most tailwart reads of one answer; a bigger body is reported, not parsed.</summary>
    public int MaxBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Entries per page when listing (0.15 <c>limit</c>, 0.16 ids per <c>/get</c>; the server caps 0.16 at 500).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Stop listing after this many entries, so a runaway list cannot exhaust memory.</summary>
    public int MaxEntries { get; init; } = 100_000;
}
