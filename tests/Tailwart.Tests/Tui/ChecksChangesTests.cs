using Tailwart.Core.Checks;
using Tailwart.Core.Logs;
using Tailwart.Core.Presenting;
using Tailwart.Tui;
using Terminal.Gui.Input;

namespace Tailwart.Tests.Tui;

/// <summary>
/// Issue 21 item 7 in the TUI: the Checks pane marks each finding against the last `tailwart doctor`
/// (+ new, ~ changed) and lists the gone ones at the end, with symbols that survive NO_COLOR, at 80×24.
/// </summary>
[Collection(TuiTestGroup.Name)]
public sealed class ChecksChangesTests
{
    private static readonly DateTimeOffset LastDoctor = new(2026, 12, 2, 11, 0, 0, TimeSpan.Zero);

    private static readonly Finding Route = new("stack.route", Severity.Warning, "Postgres route slow", "login in 900 ms", 1, "Check the tailnet.");
    private static readonly Finding Caa = new("dns.caa-missing", Severity.Failure, "No CAA record", "example.org has no CAA", 4, "Publish CAA.");
    private static readonly Finding Ban = new("bans.box-banned", Severity.Failure, "The box is banned", "203.0.113.7 banned", 3, "tailwart bans allow-fix");

    private static TuiBackend Backend(bool withHistory) => new(new LogRingBuffer(100, 1 << 16))
    {
        // now: the route finding with other evidence (changed), a CAA finding (new); the ban is gone
        Checks = _ => Task.FromResult<IReadOnlyList<CheckResult>>(
        [
            new("stack", "Stack", CheckOutcome.Completed, TimeSpan.FromSeconds(0.3), [Route with { Evidence = "login in 2400 ms" }]),
            new("dns", "DNS", CheckOutcome.Completed, TimeSpan.FromSeconds(0.2), [Caa]),
            new("bans", "Bans", CheckOutcome.Completed, TimeSpan.FromSeconds(0.1), []),
        ]),
        PreviousChecks = withHistory
            ? () => (LastDoctor, new Dictionary<string, IReadOnlyList<Finding>> { ["stack"] = [Route], ["dns"] = [], ["bans"] = [Ban] })
            : null,
    };

    private static IReadOnlyList<string> RunChecks(TuiHarness tui)
    {
        tui.Press(new Key('4'));
        tui.Press(Key.F5);
        tui.WaitFor(() => !tui.Window.Checks.IsRunning, "the checks");
        return [.. tui.Window.Checks.Body.Lines.Select(l => l.Text)];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void New_changed_and_gone_findings_carry_a_symbol_at_80x24_with_and_without_colour(bool color)
    {
        // given: a previous doctor result, and a small screen (NO_COLOR: color false)
        using var tui = new TuiHarness(backend: Backend(withHistory: true), width: 80, height: 24, color: color);

        // when: the Checks tab runs
        var lines = RunChecks(tui);

        // then: the marks lead the headlines, the gone finding comes last, and the summary says since when
        Assert.Contains("since 2026-12-02 11:00:00Z: 1 new, 1 gone, 1 changed (the last `tailwart doctor`)", lines);
        Assert.Contains("+ new ✗ failure: No CAA record (lesson 4) [dns.caa-missing]", lines);
        Assert.Contains("~ changed ! warning: Postgres route slow (lesson 1) [stack.route]", lines);
        Assert.Equal("- gone ✗ failure: The box is banned (lesson 3) [bans.box-banned]", lines[^1]);
        // and on screen, where the 80 columns cut the rest, the mark is still there
        string screen = tui.Screen();
        Assert.Contains("+ new ✗", screen, StringComparison.Ordinal);
        Assert.Contains("~ changed !", screen, StringComparison.Ordinal);
        Assert.All(screen.Split('\n'), r => Assert.True(r.TrimEnd('\r').Length <= 80, r));
    }

    [Fact]
    public void The_gone_finding_opens_with_its_whole_story()
    {
        using var tui = new TuiHarness(backend: Backend(withHistory: true), width: 80, height: 24);
        var lines = RunChecks(tui);

        for (int i = 0; i < lines.Count - 1; i++)
            tui.Press(Key.CursorDown);
        tui.Press(Key.Enter);

        Assert.True(tui.Window.DetailView.Visible);
        string detail = tui.Flat(tui.Window.DetailView.Body);
        Assert.Contains("gone since the previous doctor run", detail, StringComparison.Ordinal);
        Assert.Contains("tailwart bans allow-fix", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_previous_doctor_run_nothing_is_marked()
    {
        using var tui = new TuiHarness(backend: Backend(withHistory: false), width: 80, height: 24);

        var lines = RunChecks(tui);

        Assert.Contains("✗ failure: No CAA record (lesson 4) [dns.caa-missing]", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("+ new", StringComparison.Ordinal) || l.StartsWith("~ changed", StringComparison.Ordinal) || l.StartsWith("- gone", StringComparison.Ordinal));
    }

    [Fact]
    public void The_text_output_and_the_pane_share_the_marks()
    {
        // given: the comparison the doctor verb makes for --changes
        var (marked, gone) = DoctorHistory.Compare(new Dictionary<string, IReadOnlyList<Finding>> { ["bans"] = [Ban], ["dns"] = [] },
            [new("bans", "Bans", CheckOutcome.Completed, TimeSpan.Zero, []), new("dns", "DNS", CheckOutcome.Completed, TimeSpan.Zero, [Caa])]);

        // then: the same headline the pane shows
        Assert.Equal("+ new ✗ failure: No CAA record (lesson 4) [dns.caa-missing]", FindingPresenter.Headline(marked.Single(r => r.Id == "dns").Findings[0]));
        Assert.Equal("- gone ✗ failure: The box is banned (lesson 3) [bans.box-banned]", Assert.Single(CheckPresenter.Gone(gone)).Text);
        Assert.Equal("since 2026-12-02 11:00:00Z: 1 new, 1 gone, 0 changed", ChangeMark.Summary(LastDoctor, marked.SelectMany(r => r.Findings), gone));
    }
}
