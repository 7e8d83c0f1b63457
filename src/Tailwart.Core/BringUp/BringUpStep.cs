namespace Tailwart.Core.BringUp;

/// <summary>The steps of the gated bring-up, in order.</summary>
public enum BringUpStep
{
    /// <summary>The compose project's containers are found (missing ones created).</summary>
    Discover,
    SidecarStarted,
    /// <summary>Docker reports the sidecar healthy (from its event stream).</summary>
    SidecarHealthy,
    /// <summary>The gate: a real PostgreSQL login from the sidecar's netns.</summary>
    RouteVerified,
    StalwartStarted,
    /// <summary>Stalwart runs, is not looping, logged no DB failure, and holds sessions in pg_stat_activity.</summary>
    StalwartVerified,
    /// <summary>The edge relay (services.edge, when configured) runs: started last, so the world reaches only a verified Stalwart.</summary>
    EdgeStarted,
}
