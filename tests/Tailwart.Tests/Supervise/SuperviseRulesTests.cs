using Tailwart.Core.Checks;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;
using Tailwart.Core.Supervise;

namespace Tailwart.Tests.Supervise;

public sealed class SuperviseRulesTests
{
    private static StackDiagnosisResult With(params (string Id, Severity Severity)[] findings) => new(
        new StackEvidence(new StackSnapshot("lab", new Dictionary<string, ContainerSnapshot>(), []), new DiagnosisOptions(), DateTimeOffset.UnixEpoch),
        findings.Select(f => new Finding(f.Id, f.Severity, "title " + f.Id, "seen", 1, "fix")).ToList());

    [Theory]
    [InlineData(FindingIds.StalwartRace)]
    [InlineData(FindingIds.NetnsStale)]
    [InlineData(FindingIds.NetnsRecreated)]
    [InlineData(FindingIds.StoreBroken)]
    [InlineData(FindingIds.StalwartExited)]
    [InlineData(FindingIds.SidecarDown)]
    public void What_the_gate_repairs_is_repaired(string id)
    {
        var (action, saw) = SuperviseRules.Decide(With((id, Severity.Failure)));
        Assert.Equal(SupervisorAction.Repair, action);
        Assert.Contains(id, saw, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_down_with_a_repairable_finding_is_repaired_the_gate_waits_for_the_route()
    {
        var (action, _) = SuperviseRules.Decide(With((FindingIds.RouteNotVerified, Severity.Failure), (FindingIds.StalwartExited, Severity.Failure)));
        Assert.Equal(SupervisorAction.Repair, action);
    }

    [Fact]
    public void A_route_down_alone_is_watched_not_restarted()
    {
        var (action, saw) = SuperviseRules.Decide(With((FindingIds.RouteNotVerified, Severity.Failure), (FindingIds.EdgeUnverified, Severity.Failure)));
        Assert.Equal(SupervisorAction.Watch, action);
        Assert.Contains("store is verified once the route is back", saw, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_store_or_info_is_not_acted_on()
    {
        Assert.Equal(SupervisorAction.Nothing, SuperviseRules.Decide(With((FindingIds.StoreUnknown, Severity.Warning))).Action);
        Assert.Equal(SupervisorAction.Nothing, SuperviseRules.Decide(With(("log.something", Severity.Info))).Action);
        Assert.Equal(SupervisorAction.Nothing, SuperviseRules.Decide(With()).Action);
    }

    [Theory]
    [InlineData("ts-stalwart", "start", true)]
    [InlineData("stalwart", "die", true)]
    [InlineData("stalwart", "health_status: healthy", false)]
    [InlineData("stalwart", "exec_start: sh", false)]
    [InlineData("edge", "start", false)]
    public void Only_lifecycle_events_of_the_sidecar_and_stalwart_count(string service, string action, bool relevant) =>
        Assert.Equal(relevant, SuperviseRules.IsRelevant(new StackEvent(service, action, "id", DateTimeOffset.UnixEpoch), new DiagnosisOptions()));
}
