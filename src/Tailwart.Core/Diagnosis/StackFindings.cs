using System.Globalization;
using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Docker;
using Tailwart.Core.Logs;

namespace Tailwart.Core.Diagnosis;

/// <summary>
/// The rules of the stack diagnosis: evidence in, findings out. Each finding's fix says what
/// <c>tailwart up</c> does about it, because `up` acts on the same findings (one truth for every
/// look and for the act).
/// </summary>
public static class StackFindings
{
    public static IReadOnlyList<Finding> From(StackEvidence e)
    {
        var o = e.Options;
        var findings = new List<Finding>();
        foreach (string missing in e.Stack.Missing)
            findings.Add(new(FindingIds.ServiceMissing, Severity.Failure, $"Service {missing} has no container in project {e.Stack.Project}", $"compose project {e.Stack.Project}", null,
                "tailwart up creates it through compose (Stalwart only once the sidecar runs and the route is verified); or fix services.* in tailwart.json."));

        ContainerSnapshot? sidecar = e.Stack.Find(o.SidecarService);
        bool sidecarUp = sidecar is { IsRunning: true };
        if (sidecar is not null && !sidecarUp)
            findings.Add(new(FindingIds.SidecarDown, Severity.Failure, $"The sidecar {sidecar.Name} is {sidecar.State}", $"exit code {sidecar.ExitCode}, restarts {sidecar.RestartCount}", 6,
                "tailwart up starts it, verifies the Postgres route from its netns, then (re)starts Stalwart in it."));
        if (sidecarUp)
            TailnetAndRoute(e, sidecar!, findings);

        int before = findings.Count;
        if (e.Stack.Find(o.StalwartService) is { } stalwart)
        {
            Stalwart(e, stalwart, sidecar, findings);
            RestartPolicy(stalwart, findings);
        }
        bool stalwartVerified = e.Stack.Find(o.StalwartService) is { IsRunning: true } && sidecarUp && e.Route is { IsVerified: true }
            && !findings.Skip(before).Any(f => f.Severity == Severity.Failure);

        if (o.EdgeService is { } edgeService && e.Stack.Find(edgeService) is { IsRunning: true } edge && !stalwartVerified)
            findings.Add(new(FindingIds.EdgeUnverified, Severity.Failure, $"The edge {edge.Name} is up while Stalwart is not verified",
                $"{edge.Name} running since {Time(edge.StartedAt)}; Stalwart: {StalwartSummary(e)}", 3,
                "tailwart up repairs Stalwart first; it starts the edge only after Stalwart is verified (it does not stop an edge that is already up)."));
        return findings;
    }

    /// <summary>
    /// The running container's own policy (HostConfig.RestartPolicy), which is what dockerd obeys at
    /// boot: information here (it does not make the running stack unhealthy now; lint warns about the
    /// compose file), so `status` and `doctor` say whether the next boot or crash bypasses the gate.
    /// </summary>
    private static void RestartPolicy(ContainerSnapshot stalwart, List<Finding> findings)
    {
        if (Lint.RestartRules.LetsDockerdStart(stalwart.RestartPolicy))
            findings.Add(new(FindingIds.StalwartRestartPolicy, Severity.Info, $"dockerd will start Stalwart ({stalwart.Name}) by itself at the next boot or crash",
                $"the container's restart policy is {stalwart.RestartPolicy} (HostConfig.RestartPolicy)", 1, Lint.RestartRules.Fix(stalwart.Name)));
    }

    private static void TailnetAndRoute(StackEvidence e, ContainerSnapshot sidecar, List<Finding> findings)
    {
        if (e.Tailnet is { } t)
        {
            if (t.Address is null)
                findings.Add(new(FindingIds.TailnetDown, Severity.Failure, $"The sidecar {sidecar.Name} runs but has no tailnet address", t.Evidence, 6,
                    "tailwart up waits (gated) until the route verifies; if it never does, check the sidecar's auth key and `docker logs " + sidecar.Name + "`."));
            else if (t.MagicDnsResolves == false)
                findings.Add(new(FindingIds.MagicDnsDown, Severity.Failure, $"MagicDNS does not resolve {e.Options.SidecarMagicDnsName} in the sidecar's netns", t.Evidence, 6,
                    "tailwart up waits (gated) until the route verifies; check MagicDNS in the tailnet's DNS settings and the sidecar's resolv.conf."));
        }
        if (e.Route is { IsVerified: false } r)
        {
            bool definitive = r.Failure is RouteFailure.LoginRejected or RouteFailure.DatabaseMissing;
            findings.Add(new(FindingIds.RouteNotVerified, Severity.Failure, "No verified PostgreSQL login from the sidecar's netns",
                $"{r.Level} reached; {r.Failure}: {r.Evidence}", 1,
                definitive
                    ? "This answer does not fix itself: correct postgres.user/password/database in tailwart.json (or the role in PostgreSQL). tailwart up stops on it instead of retrying."
                    : "tailwart up waits for a verified login before it (re)starts Stalwart; until then starting Stalwart loses writes. Check the tailnet route and Postgres."));
        }
    }

    private static void Stalwart(StackEvidence e, ContainerSnapshot stalwart, ContainerSnapshot? sidecar, List<Finding> findings)
    {
        string since = Time(stalwart.StartedAt);
        if (stalwart.State == "restarting")
        {
            findings.Add(new(FindingIds.StalwartLooping, Severity.Failure, $"Stalwart ({stalwart.Name}) is restart-looping",
                $"state restarting, restart count {stalwart.RestartCount}, last exit code {stalwart.ExitCode}{LogEvidence(e)}", 1,
                "tailwart up waits for a verified route, then starts Stalwart once and verifies it (not looping, no store failure, its store answers)."));
            return;
        }
        if (!stalwart.IsRunning)
        {
            bool exited = stalwart.State is "exited" or "dead" && stalwart.StartedAt is not null;
            findings.Add(new(exited ? FindingIds.StalwartExited : FindingIds.StalwartDown, Severity.Failure,
                exited ? $"Stalwart ({stalwart.Name}) exited with code {stalwart.ExitCode}" : $"Stalwart ({stalwart.Name}) is {stalwart.State}",
                $"state {stalwart.State}, exit code {stalwart.ExitCode}, restarts {stalwart.RestartCount}{LogEvidence(e)}", 1,
                "tailwart up starts it only after a verified PostgreSQL login from the sidecar's netns, then verifies it."));
            return;
        }
        if (stalwart.RestartCount >= 3 && stalwart.StartedAt is { } s && e.Now - s < e.Options.LoopWindow)
            findings.Add(new(FindingIds.StalwartLooping, Severity.Failure, $"Stalwart ({stalwart.Name}) is restart-looping",
                $"restart count {stalwart.RestartCount}, this start {since}, {Math.Max(0, (e.Now - s).TotalSeconds):0} s ago{LogEvidence(e)}", 1,
                "tailwart up waits for a verified route, then restarts Stalwart once through the gate and verifies it."));

        bool stale = sidecar is not null && StaleNetns(e, stalwart, sidecar, findings);
        Signatures(e, stalwart, findings);
        if (!stale)
            Store(e, stalwart, findings);
    }

    private static bool StaleNetns(StackEvidence e, ContainerSnapshot stalwart, ContainerSnapshot sidecar, List<Finding> findings)
    {
        string fixRestart = $"tailwart up verifies the Postgres route, then restarts {stalwart.Name} (announced first) so it joins the sidecar's current netns, and verifies it.";
        if (BringUp.StaleNetns.CreatedForOtherSidecar(stalwart, sidecar) is { } recreated)
        {
            findings.Add(new(FindingIds.NetnsRecreated, Severity.Failure, $"Stalwart ({stalwart.Name}) is in the netns of a sidecar that no longer exists",
                recreated.Replace(": recreating " + stalwart.Name, "", StringComparison.Ordinal) + Interfaces(e), 6,
                $"tailwart up verifies the Postgres route, then recreates {stalwart.Name} in the current sidecar's netns (announced first), and verifies it."));
            return true;
        }
        bool onlyLo = e.StalwartInterfaces is { } nics && nics.All(n => n == "lo");
        string? restarted = BringUp.StaleNetns.SidecarRestartedSince(stalwart, sidecar);
        if (onlyLo || (restarted is not null && e.StalwartInterfaces is null))
        {
            string why = restarted ?? $"{stalwart.Name} shares a netns that has lost its interfaces";
            findings.Add(new(FindingIds.NetnsStale, Severity.Failure, $"Stalwart ({stalwart.Name}) is left in a dead network namespace (the sidecar restarted)",
                why + Interfaces(e), 6, fixRestart));
            return true;
        }
        return false;
    }

    private static void Signatures(StackEvidence e, ContainerSnapshot stalwart, List<Finding> findings)
    {
        if (e.StalwartLog is not { } lines)
            return;
        if (lines.Count == 0)
        {
            Silent(e, stalwart, findings);
            return;
        }
        var seen = new Dictionary<string, (LogSignature Signature, string First, int Count)>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            if (LogSignatureCatalogue.Match(line) is not { } sig)
                continue;
            seen[sig.Id] = seen.TryGetValue(sig.Id, out var had) ? (sig, had.First, had.Count + 1) : (sig, line, 1);
        }
        foreach (var (id, (sig, first, count)) in seen)
        {
            string evidence = $"{count} line(s) since this start ({Time(stalwart.StartedAt)}); first: {Clip(first)}";
            if (id is "log.db-boot-failure" or "log.db-runtime-error")
                findings.Add(new(FindingIds.StalwartRace, Severity.Failure, $"Stalwart ({stalwart.Name}) started into the race: its store failed since this start ({sig.Title})", evidence, 1,
                    $"tailwart up verifies the Postgres route, then restarts {stalwart.Name} through the gate (announced first) and verifies its store."));
            else
                findings.Add(new(id, sig.Lesson is 1 or 6 ? Severity.Warning : Severity.Info, sig.Title, evidence, sig.Lesson, sig.Fix));
        }
    }

    /// <summary>
    /// A running Stalwart whose stream has said nothing since it started. What reaches `docker logs` is Stalwart's
    /// console tracer, and neither generation has one by default: the 0.15 quick-start (`stalwart --init`, the
    /// image's entrypoint) writes only a file tracer (v0.15.5 crates/common/src/manager/boot.rs QUICKSTART_CONFIG
    /// [tracer.log]), and 0.16 creates a Log tracer to /var/log/stalwart when none exists (v0.16.18
    /// crates/common/src/manager/defaults.rs). An empty stream is then not "no findings": every lesson signature
    /// is unreadable, and the doctor must say so. A start younger than the grace may simply not have logged yet.
    /// </summary>
    private static void Silent(StackEvidence e, ContainerSnapshot stalwart, List<Finding> findings)
    {
        if (!stalwart.IsRunning || stalwart.StartedAt is not { } started || e.Now - started < SilentGrace)
            return;
        findings.Add(new(FindingIds.StalwartLogSilent, Severity.Warning,
            $"Stalwart ({stalwart.Name}) has written nothing to its log stream since it started: tailwart cannot read its lesson signatures",
            $"no line in `docker logs {stalwart.Name}` since {Time(started)} ({Math.Max(0, (e.Now - started).TotalMinutes):0} min); store, ACME and ban failures would go unseen here", null,
            "Give Stalwart a console tracer, level info, ansi off. 0.15 (config.toml): [tracer.stdout] type = \"stdout\", level = \"info\", ansi = false, enable = true. "
            + "0.16 (web admin, Settings → Telemetry → Tracers): add a Stdout tracer with level Info and ANSI off. Then restart Stalwart (on 0.15 a full reload also rebuilds the tracers)."));
    }

    /// <summary>Stalwart's console tracer logs its startup at once; a minute of silence is not a slow start.</summary>
    public static readonly TimeSpan SilentGrace = TimeSpan.FromMinutes(1);

    private static void Store(StackEvidence e, ContainerSnapshot stalwart, List<Finding> findings)
    {
        if (e.Route is not { IsVerified: true })
            return; // the route finding already says why the store cannot work
        if (findings.Any(f => f.Id == FindingIds.StalwartRace))
            return; // same root cause, already reported with its log line
        string sessions = e.Sessions is { } n ? $"{n} Stalwart session(s) in pg_stat_activity" : $"pg_stat_activity not read ({e.SessionsError ?? "?"})";
        if (e.Store is { Served: false } broken)
            findings.Add(new(FindingIds.StoreBroken, Severity.Failure, $"Stalwart ({stalwart.Name}) runs without a working store", $"{broken.Evidence}; {sessions}", 1,
                $"tailwart up verifies the Postgres route, then restarts {stalwart.Name} through the gate (announced first) and verifies its store."));
        else if (e.Store is not { Served: true } && e.Sessions is 0 or null)
            findings.Add(new(FindingIds.StoreUnknown, Severity.Warning, $"Stalwart's store could not be confirmed", $"{e.Store?.Evidence ?? "no management API read was possible"}; {sessions}", 1,
                "An idle Stalwart may hold no session; only a read it serves from its store tells. Check stalwart.adminUrl and the admin credential; tailwart up verifies Stalwart the same way."));
    }

    private static string StalwartSummary(StackEvidence e) =>
        e.Stack.Find(e.Options.StalwartService) is { } s ? $"{s.State}{(e.Route is { IsVerified: false } ? ", route not verified" : "")}" : "no container";

    private static string LogEvidence(StackEvidence e) =>
        e.StalwartLog?.FirstOrDefault(l => LogSignatureCatalogue.Match(l) is { Lesson: 1 }) is { } line ? $"; its log: {Clip(line)}" : "";

    private static string Interfaces(StackEvidence e) =>
        e.StalwartInterfaces is { } nics ? $"; interfaces in Stalwart's netns: {string.Join(", ", nics)}" : "";

    private static string Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "never";

    private static string Clip(string line) => line.Length > 300 ? line[..300] + "…" : line;
}
