namespace Tailwart.Core.Diagnosis;

/// <summary>The stable ids of the stack diagnosis' findings (for --only, scripts, the services pane).</summary>
public static class FindingIds
{
    public const string ServiceMissing = "stack.service-missing";
    public const string SidecarDown = "stack.sidecar-down";
    public const string TailnetDown = "stack.tailnet-down";
    public const string MagicDnsDown = "stack.magicdns-down";
    public const string RouteNotVerified = "route.not-verified";
    public const string StalwartLooping = "stack.stalwart-looping";
    public const string StalwartExited = "stack.stalwart-exited";
    public const string StalwartDown = "stack.stalwart-down";
    public const string NetnsStale = "stack.netns-stale";
    public const string NetnsRecreated = "stack.netns-recreated";
    public const string StalwartRace = "stack.stalwart-race";
    public const string StoreBroken = "stack.store-broken";
    public const string StoreUnknown = "stack.store-unknown";
    public const string EdgeUnverified = "stack.edge-unverified";
    public const string StalwartRestartPolicy = "stack.stalwart-restart-policy";
    public const string SupervisorNotRunning = "stack.supervisor-not-running";
    public const string StalwartLogSilent = "stack.stalwart-log-silent";

    /// <summary>Findings that `tailwart up` repairs by restarting (or recreating) Stalwart through the gate.</summary>
    public static readonly IReadOnlySet<string> RepairedByGatedRestart = new HashSet<string>(StringComparer.Ordinal)
    {
        NetnsStale, NetnsRecreated, StalwartRace, StoreBroken,
    };
}
