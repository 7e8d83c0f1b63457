using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;

namespace Tailwart.Core.Supervise;

/// <summary>What to do about one look at the stack.</summary>
public enum SupervisorAction
{
    Nothing,
    /// <summary>Run the gated bring-up: it starts what is down, repairs a stale netns or a start into the race, only after a verified route.</summary>
    Repair,
    /// <summary>Leave it running and look again: a route lost while Stalwart runs (its store is verified once the route is back).</summary>
    Watch,
}

/// <summary>
/// The supervisor's rules: the stack diagnosis (the same one status, doctor and `up` use) in, one
/// action out. It acts only on the findings `up` repairs through the gate, or on a service that is
/// down; everything it would do goes through the gate, so it never starts Stalwart before a
/// verified PostgreSQL login (lesson 1), and it never probes a mail port nor tests the key.
/// </summary>
public static class SuperviseRules
{
    /// <summary>Findings the gated bring-up fixes: a service down, missing or looping, a stale netns, a start into the race, a broken store.</summary>
    public static readonly IReadOnlySet<string> Repairable = new HashSet<string>(FindingIds.RepairedByGatedRestart, StringComparer.Ordinal)
    {
        FindingIds.ServiceMissing, FindingIds.SidecarDown, FindingIds.StalwartExited, FindingIds.StalwartDown, FindingIds.StalwartLooping,
    };

    /// <summary>Findings that say the route (or the tailnet under it) is not there now: nothing to restart into, only to wait for.</summary>
    private static readonly HashSet<string> RouteDown = new HashSet<string>(StringComparer.Ordinal)
    {
        FindingIds.RouteNotVerified, FindingIds.TailnetDown, FindingIds.MagicDnsDown,
    };

    public static (SupervisorAction Action, string Saw) Decide(StackDiagnosisResult diagnosis)
    {
        var failures = diagnosis.Findings.Where(f => f.Severity >= Severity.Warning).ToList();
        var repair = failures.Where(f => Repairable.Contains(f.Id)).ToList();
        if (repair.Count > 0)
            return (SupervisorAction.Repair, Describe(repair));
        var route = failures.Where(f => RouteDown.Contains(f.Id)).ToList();
        if (route.Count > 0)
            return (SupervisorAction.Watch, Describe(route) + "; Stalwart left as it is, its store is verified once the route is back");
        return (SupervisorAction.Nothing, failures.Count == 0 ? "the stack is healthy" : $"nothing the gate repairs ({Describe(failures)})");
    }

    /// <summary>Whether an event can change what the supervisor should do (health flips and execs cannot).</summary>
    public static bool IsRelevant(StackEvent e, DiagnosisOptions services) =>
        (e.Service == services.SidecarService || e.Service == services.StalwartService)
        && e.Action is "start" or "restart" or "die" or "stop" or "kill" or "oom" or "destroy" or "create";

    /// <summary>True when the burst's last lifecycle event of the sidecar stops it (kill, die, stop, destroy) and none starts it again after.</summary>
    public static bool SidecarGoingDown(IEnumerable<StackEvent> burst, DiagnosisOptions services) =>
        burst.LastOrDefault(e => e.Service == services.SidecarService && IsRelevant(e, services)) is { Action: "kill" or "die" or "stop" or "destroy" or "oom" };

    /// <summary>
    /// True when the burst's last event starts the sidecar (start, restart) after the burst saw it go
    /// down: `docker restart` ends with start, restart; a compose recreate with the new container's
    /// start. Nothing more of the sidecar is to come; a Stalwart event after it makes this false again.
    /// </summary>
    public static bool SidecarBackUp(IReadOnlyList<StackEvent> burst, DiagnosisOptions services)
    {
        if (burst.Count == 0 || burst[^1] is not { Action: "start" or "restart" } last || last.Service != services.SidecarService)
            return false;
        return burst.Any(e => e.Service == services.SidecarService && e.Action is "kill" or "die" or "stop" or "destroy" or "oom");
    }

    /// <summary>
    /// The quick look before every diagnosis, on Docker's view alone: Stalwart running in the
    /// netns of a sidecar that restarted or was recreated since (the same rule, <see cref="StaleNetns"/>,
    /// that the diagnosis reports as stack.netns-stale / stack.netns-recreated, and that wins over
    /// every other finding: <see cref="Decide"/> repairs it whatever else is seen). Null: not that
    /// case, the full diagnosis decides. It spares the repair the diagnosis's probes (2–4 s on a
    /// sidecar that has just started; lab, 2026-12-02).
    /// </summary>
    public static string? QuickRepair(StackSnapshot stack, DiagnosisOptions services)
    {
        if (stack.Find(services.StalwartService) is not { IsRunning: true } stalwart || stack.Find(services.SidecarService) is not { IsRunning: true } sidecar)
            return null;
        if (StaleNetns.CreatedForOtherSidecar(stalwart, sidecar) is { } recreated)
            return $"{recreated} [{FindingIds.NetnsRecreated}]";
        return StaleNetns.SidecarRestartedSince(stalwart, sidecar) is { } restarted ? $"{restarted} [{FindingIds.NetnsStale}]" : null;
    }

    /// <summary>
    /// The quick look's other case, on Docker's view alone: a Stalwart container that is there but
    /// not running (exited, dead, created: at boot with restart "no", after a crash). The diagnosis
    /// would decide the same (stack.stalwart-exited / stack.stalwart-down are repaired through the
    /// gate whatever else it finds), but it probes first: 6.2 s after dockerd came back in the lab
    /// (2026-12-02), all of it on the boot's path when the outage is shorter. "restarting" (dockerd's
    /// own loop) is left to the diagnosis. Null: not that case.
    /// </summary>
    public static string? QuickDown(StackSnapshot stack, DiagnosisOptions services) =>
        stack.Find(services.StalwartService) switch
        {
            { State: "exited" or "dead" } s => $"{s.Name} is {s.State} (Docker's view) [{FindingIds.StalwartExited}]",
            { State: "created" } s => $"{s.Name} was created and never started (Docker's view) [{FindingIds.StalwartDown}]",
            _ => null,
        };

    private static string Describe(IReadOnlyList<Finding> findings) => string.Join("; ", findings.Select(f => $"{f.Title} [{f.Id}]"));
}
