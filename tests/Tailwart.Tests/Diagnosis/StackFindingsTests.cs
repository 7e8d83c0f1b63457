using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;

namespace Tailwart.Tests.Diagnosis;

/// <summary>The diagnosis rules, evidence in, findings out: each state of issue 16 and its healthy twin.</summary>
public sealed class StackFindingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DiagnosisOptions Options = new() { EdgeService = "edge", SidecarMagicDnsName = "stalwart.tail-lab.ts.net" };
    private const string SidecarId = "5idecar0000aaaabbbbccccdddd";

    private static ContainerSnapshot Sidecar(DateTimeOffset? started = null, string state = "running", string ip = "100.100.0.10") =>
        new("ts-stalwart", SidecarId, "lab-ts-stalwart-1", state, "healthy", 0, 0, started ?? Now.AddHours(-2),
            new Dictionary<string, string> { ["tailnet"] = ip }, null, null, null) { Pid = 100 };

    private static ContainerSnapshot Stalwart(DateTimeOffset? started = null, string state = "running", string? joined = SidecarId, long restarts = 0, long exit = 0) =>
        new("stalwart", "57a1wart0000eeeeffff00001111", "lab-stalwart-1", state, "none", restarts, exit, started ?? Now.AddHours(-1),
            new Dictionary<string, string>(), joined is null ? null : "container:" + joined, null, null) { Pid = state == "running" ? 200 : 0 };

    private static ContainerSnapshot Edge(string state = "running") =>
        new("edge", "ed9e00001111222233334444", "lab-edge-1", state, "none", 0, 0, Now.AddHours(-1), new Dictionary<string, string>(), null, null, null);

    private static StackEvidence Healthy(params ContainerSnapshot[] containers)
    {
        var all = new Dictionary<string, ContainerSnapshot>(StringComparer.Ordinal) { ["ts-stalwart"] = Sidecar(), ["stalwart"] = Stalwart(), ["edge"] = Edge() };
        foreach (var c in containers)
            all[c.Service] = c;
        return new StackEvidence(new StackSnapshot("lab", all, []), Options, Now)
        {
            Route = new RouteCheck(RouteLevel.LoginVerified, null, "logged in", TimeSpan.FromMilliseconds(300)),
            Tailnet = new TailnetState("100.100.0.10", true, "tailscale ip -4 → 100.100.0.10; stalwart.tail-lab.ts.net → 100.100.0.10"),
            StalwartInterfaces = ["lo", "eth0"],
            StalwartLog = ["2026-12-01T11:00:01Z INFO Stalwart started (server.startup)"],
            Sessions = 4,
            Store = new StoreRead(true, "served"),
        };
    }

    private static IReadOnlyList<Finding> Run(StackEvidence e) => StackFindings.From(e);

    [Fact]
    public void A_healthy_stack_has_no_finding()
    {
        Assert.Empty(Run(Healthy()));
    }

    [Fact]
    public void Stalwart_left_with_only_lo_after_a_sidecar_restart_is_a_stale_netns_and_the_edge_is_ahead_of_it()
    {
        var e = Healthy(Sidecar(started: Now.AddMinutes(-1))) with { StalwartInterfaces = ["lo"] };

        var findings = Run(e);

        var stale = Assert.Single(findings, f => f.Id == FindingIds.NetnsStale);
        Assert.Equal(Severity.Failure, stale.Severity);
        Assert.Contains("interfaces in Stalwart's netns: lo", stale.Evidence, StringComparison.Ordinal);
        Assert.Contains("sidecar (re)started", stale.Evidence, StringComparison.Ordinal);
        Assert.Contains("restarts lab-stalwart-1", stale.Fix, StringComparison.Ordinal);
        Assert.Contains(findings, f => f.Id == FindingIds.EdgeUnverified);
        Assert.DoesNotContain(findings, f => f.Id == FindingIds.StoreBroken); // one root cause, one finding
    }

    [Fact]
    public void Without_readable_interfaces_the_start_times_still_show_the_stale_netns()
    {
        var e = Healthy(Sidecar(started: Now.AddMinutes(-1))) with { StalwartInterfaces = null };

        Assert.Contains(Run(e), f => f.Id == FindingIds.NetnsStale);
    }

    [Fact]
    public void Stalwart_in_the_netns_of_a_sidecar_that_was_recreated_is_named_with_both_ids()
    {
        var e = Healthy(Stalwart(joined: "01dsidecar99")) with { StalwartInterfaces = ["lo"] };

        var f = Assert.Single(Run(e), f => f.Id == FindingIds.NetnsRecreated);
        Assert.Contains("01dsidecar99", f.Evidence, StringComparison.Ordinal);
        Assert.Contains(SidecarId[..12], f.Evidence, StringComparison.Ordinal);
        Assert.Contains("recreates lab-stalwart-1", f.Fix, StringComparison.Ordinal);
        Assert.Equal(6, f.Lesson);
    }

    [Fact]
    public void A_reregistered_sidecar_same_netns_new_address_is_healthy()
    {
        // lesson 6: a new tailnet address, the netns and Stalwart's interfaces unchanged
        var e = Healthy(Sidecar(ip: "100.100.0.77")) with { Tailnet = new TailnetState("100.100.0.77", true, "tailscale ip -4 → 100.100.0.77; stalwart.tail-lab.ts.net → 100.100.0.77") };

        Assert.Empty(Run(e));
    }

    [Fact]
    public void An_idle_stalwart_without_sessions_whose_store_serves_a_read_is_healthy()
    {
        Assert.Empty(Run(Healthy() with { Sessions = 0 }));
    }

    [Fact]
    public void A_stalwart_whose_store_failed_a_read_runs_without_a_working_store()
    {
        var e = Healthy() with { Sessions = 0, Store = new StoreRead(false, "an authenticated block-list read answered but Stalwart logged a store error for it") };

        var f = Assert.Single(Run(e), f => f.Id == FindingIds.StoreBroken);
        Assert.Equal(Severity.Failure, f.Severity);
        Assert.Contains("0 Stalwart session(s) in pg_stat_activity", f.Evidence, StringComparison.Ordinal);
        Assert.Contains(Run(e), x => x.Id == FindingIds.EdgeUnverified);
    }

    [Fact]
    public void No_sessions_and_no_answer_from_the_api_is_a_store_that_could_not_be_confirmed()
    {
        var e = Healthy() with { Sessions = 0, Store = new StoreRead(null, "the management API did not answer (Timeout on admin-url)") };

        var f = Assert.Single(Run(e), f => f.Id == FindingIds.StoreUnknown);
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Contains("Timeout on admin-url", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_failure_in_the_log_since_this_start_is_a_start_into_the_race_and_every_signature_is_reported()
    {
        var e = Healthy() with
        {
            StalwartLog =
            [
                "2026-12-01T11:00:01Z ERROR Configuration build error (config.build-error) details = \"Build error for key \\\"store.postgresql\\\": Failed to create tables: error connecting to server\"",
                "2026-12-01T11:00:02Z WARN No certificates available (tls.no-certificates-available)",
                "2026-12-01T11:05:00Z INFO Banned address (security.authentication-ban) remoteIp = 192.0.2.7",
            ],
        };

        var findings = Run(e);

        var race = Assert.Single(findings, f => f.Id == FindingIds.StalwartRace);
        Assert.Contains("Failed to create tables", race.Evidence, StringComparison.Ordinal);
        Assert.Equal(1, race.Lesson);
        Assert.Contains(findings, f => f.Id == "log.self-signed-fallback" && f.Severity == Severity.Warning);
        Assert.Contains(findings, f => f.Id == "log.auto-ban" && f.Severity == Severity.Info);
        Assert.DoesNotContain(findings, f => f.Id == FindingIds.StoreBroken);
    }

    [Fact]
    public void A_restarting_stalwart_is_looping_and_an_exited_one_says_its_code()
    {
        Assert.Contains(Run(Healthy(Stalwart(state: "restarting", restarts: 7, exit: 1))), f => f.Id == FindingIds.StalwartLooping && f.Evidence.Contains("restart count 7", StringComparison.Ordinal));
        var exited = Assert.Single(Run(Healthy(Stalwart(state: "exited", exit: 1))), f => f.Id == FindingIds.StalwartExited);
        Assert.Contains("exited with code 1", exited.Title, StringComparison.Ordinal);
        Assert.Contains(Run(Healthy(Stalwart(started: Now.AddSeconds(-20), restarts: 4))), f => f.Id == FindingIds.StalwartLooping);
        Assert.DoesNotContain(Run(Healthy(Stalwart(started: Now.AddHours(-3), restarts: 4))), f => f.Id == FindingIds.StalwartLooping);
    }

    [Fact]
    public void The_edge_up_while_stalwart_is_not_verified_is_a_finding_and_a_stopped_edge_is_not()
    {
        Assert.Contains(Run(Healthy(Stalwart(state: "exited", exit: 1))), f => f.Id == FindingIds.EdgeUnverified);
        Assert.DoesNotContain(Run(Healthy(Stalwart(state: "exited", exit: 1), Edge(state: "exited"))), f => f.Id == FindingIds.EdgeUnverified);
        Assert.Contains(Run(Healthy() with { Route = new RouteCheck(RouteLevel.NameResolved, RouteFailure.NoAnswer, "no answer", TimeSpan.FromSeconds(3)) }), f => f.Id == FindingIds.EdgeUnverified);
    }

    [Fact]
    public void A_sidecar_without_a_tailnet_address_or_magicdns_is_a_tailnet_finding()
    {
        Assert.Contains(Run(Healthy() with { Tailnet = new TailnetState(null, true, "tailscale ip -4 printed no address") }), f => f.Id == FindingIds.TailnetDown && f.Lesson == 6);
        var dns = Assert.Single(Run(Healthy() with { Tailnet = new TailnetState("100.100.0.10", false, "stalwart.tail-lab.ts.net does not resolve") }), f => f.Id == FindingIds.MagicDnsDown);
        Assert.Contains("stalwart.tail-lab.ts.net", dns.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_login_says_up_stops_on_it()
    {
        var e = Healthy() with { Route = new RouteCheck(RouteLevel.SpeaksPostgres, RouteFailure.LoginRejected, "login rejected (28P01)", TimeSpan.FromMilliseconds(30)) };

        var f = Assert.Single(Run(e), f => f.Id == FindingIds.RouteNotVerified);
        Assert.Contains("does not fix itself", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_sidecar_and_a_missing_service_are_findings()
    {
        var e = new StackEvidence(new StackSnapshot("lab", new Dictionary<string, ContainerSnapshot> { ["ts-stalwart"] = Sidecar(state: "exited") }, ["stalwart"]), Options, Now);

        var findings = Run(e);

        Assert.Contains(findings, f => f.Id == FindingIds.SidecarDown);
        Assert.Contains(findings, f => f.Id == FindingIds.ServiceMissing && f.Title.Contains("stalwart", StringComparison.Ordinal));
    }

    [Fact]
    public void A_running_stalwart_with_an_empty_log_stream_is_named_with_the_tracer_fix()
    {
        var findings = Run(Healthy(Stalwart(started: Now.AddMinutes(-5))) with { StalwartLog = [] });

        var silent = Assert.Single(findings, f => f.Id == FindingIds.StalwartLogSilent);
        Assert.Equal(Severity.Warning, silent.Severity);
        Assert.Contains("cannot read its lesson signatures", silent.Title, StringComparison.Ordinal);
        Assert.Contains("[tracer.stdout]", silent.Fix, StringComparison.Ordinal);
        Assert.Contains("Stdout tracer", silent.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_stream_just_after_a_start_or_an_unread_one_is_not_called_silent()
    {
        Assert.DoesNotContain(Run(Healthy(Stalwart(started: Now.AddSeconds(-10))) with { StalwartLog = [] }), f => f.Id == FindingIds.StalwartLogSilent);
        Assert.DoesNotContain(Run(Healthy() with { StalwartLog = null }), f => f.Id == FindingIds.StalwartLogSilent);
        Assert.DoesNotContain(Run(Healthy()), f => f.Id == FindingIds.StalwartLogSilent);
    }
}
