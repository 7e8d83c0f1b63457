using Tailwart.Tui.Panes;

namespace Tailwart.Tests.Diagnosis;

public sealed class ServicesPaneProblemTests
{
    [Fact]
    public void A_diagnosis_finding_on_a_service_stays_in_its_one_row_and_reads_in_full_in_the_detail()
    {
        // given
        var pane = new ServicesPane();
        const string problem = "Stalwart (lab-stalwart-1) is left in a dead network namespace (the sidecar restarted) [stack.netns-stale]";

        // when
        pane.Apply([
            new ServiceRow("ts-stalwart", "running", "healthy", "since 12:00:00Z", 0, "login verified"),
            new ServiceRow("stalwart", "running", "-", "since 11:00:00Z", 0, null) { Diagnosis = problem },
        ]);

        // then: the row carries the start of the finding (one row per service), the detail all of it
        Assert.Contains("dead network", pane.Current[1].Format(200, 12), StringComparison.Ordinal);
        Assert.DoesNotContain("dead network", pane.Current[0].Format(200, 12), StringComparison.Ordinal);
        Assert.Contains("diagnosis: " + problem, pane.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_time_of_a_service_is_never_cut_at_80_columns()
    {
        // given: the longest name the pane gives a column at 80×24, with a route and a diagnosis after it
        var row = new ServiceRow("ts-stalwart", "restarting", "unhealthy", "since 23:59:58Z", 12, "login verified") { Diagnosis = "restart-looping" };

        // when
        string line = row.Format(78, 12);

        // then: the start (what a restart changes) is whole; what follows it is cut instead
        Assert.Contains("up since 23:59:58Z", line, StringComparison.Ordinal);
        Assert.True(line.Length <= 78, line);
    }
}
