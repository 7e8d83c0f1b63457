namespace Tailwart.Core.BringUp;

/// <summary>Proves (or names why not) the Postgres route from the sidecar's netns. Read-only.</summary>
internal interface IRouteVerifier
{
    /// <summary>One escalating check: name, TCP, PostgreSQL protocol, login and <c>SELECT 1</c>.</summary>
    Task<RouteCheck> VerifyAsync(CancellationToken ct = default);

    /// <summary>
    /// The gate's check: where sockets can be made in the netns, it first watches the route with a
    /// fresh connect every few hundred milliseconds (<see cref="RouteReturnWatch"/>) and logs in only
    /// once something answered, so a down route is reported only after a window of dense evidence
    /// and a restored one is seen within one interval. Elsewhere the same as <see cref="VerifyAsync"/>.
    /// </summary>
    Task<RouteCheck> VerifyWatchingAsync(CancellationToken ct = default) => VerifyAsync(ct);

    /// <summary>True when <see cref="VerifyWatchingAsync"/> really watches (the last check could make netns sockets): then a stalled check needs no hedged company.</summary>
    bool WatchesForReturn => false;

    /// <summary>
    /// One of the hold's confirming checks. Where the last gate check reached the route by its
    /// address over a netns socket (<see cref="ConfirmsByAddress"/>), the same login to that address
    /// again: no exec, so a few tens of milliseconds instead of ~0.4 s, and many fit in a short hold.
    /// Elsewhere the same as <see cref="VerifyAsync"/>.
    /// </summary>
    Task<RouteCheck> ConfirmAsync(CancellationToken ct = default) => VerifyAsync(ct);

    /// <summary>
    /// True when <see cref="ConfirmAsync"/> goes to an address rather than by the name: then the name
    /// still needs proving during the hold, by one <see cref="VerifyAsync"/> (by the name) alongside.
    /// </summary>
    bool ConfirmsByAddress => false;

    /// <summary>
    /// With <see cref="ConfirmsByAddress"/>: the check by the name that the last gate check began
    /// when it saw the route answer, so it runs beside the login and the hold rather than after
    /// them; null when none was begun (the gate then starts one itself).
    /// </summary>
    Task<RouteCheck>? NameProof => null;

    /// <summary>
    /// When the last watching check's watch saw the route answer (a <see cref="TimeProvider"/>
    /// timestamp), or null when it did not watch. The hold counts from that moment: the route has
    /// been seen answering since then, and the login that followed is part of the evidence.
    /// </summary>
    long? AnsweredAt => null;
}
