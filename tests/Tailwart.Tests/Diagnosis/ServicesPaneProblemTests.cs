using Tailwart.Tui.Panes;

namespace Tailwart.Tests.Diagnosis;

public sealed class ServicesPaneProblemTests
{
    [Fact]
    public void A_diagnosis_finding_on_a_service_is_shown_under_its_row()
    {
        var pane = new ServicesPane();

        pane.Apply([
            new ServiceRow("ts-stalwart", "running", "healthy", "since 12:00:00Z", 0, "login verified"),
            new ServiceRow("stalwart", "running", "-", "since 11:00:00Z", 0, null) { Problem = "Stalwart (lab-stalwart-1) is left in a dead network namespace (the sidecar restarted) [stack.netns-stale]" },
        ]);

        string[] lines = pane.RowsText.Split('\n');
        int row = Array.FindIndex(lines, l => l.StartsWith("stalwart ", StringComparison.Ordinal));
        Assert.True(row >= 0, pane.RowsText);
        Assert.Contains("[stack.netns-stale]", lines[row + 1], StringComparison.Ordinal);
        Assert.DoesNotContain("!", lines[0], StringComparison.Ordinal);
    }
}
