using Tailwart.Core.Logs;
using Tailwart.Core.Presenting;
using Tailwart.Core.Supervise;
using Tailwart.Tui;
using Tailwart.Tui.Panes;
using Terminal.Gui.Input;

namespace Tailwart.Tests.Tui;

/// <summary>
/// The supervisor's line in the services pane (issue 20), headless at 80×24: under the services,
/// whose rows stay one each and uncut, whether a supervisor runs, since when, and its last decision,
/// cut to the width, in full on S.
/// </summary>
[Collection(TuiTestGroup.Name)]
public sealed class SupervisorLineTests
{
    private static readonly ServiceRow[] Stack =
    [
        new("ts-stalwart", "running", "healthy", "since 03:04:58Z", 1, "login verified"),
        new("stalwart", "running", "-", "since 03:05:09Z", 0, null),
        new("edge", "running", "-", "since 02:10:00Z", 0, null),
    ];

    private static SupervisorStatus Running()
    {
        var t0 = TuiHarness.T0;
        var state = new SupervisorState
        {
            Pid = 4242,
            Since = t0,
            Repairs = 1,
            Decisions =
            [
                new(t0.AddMinutes(1), DecisionKind.Healthy, "supervise started: the stack is healthy", "nothing", "no change"),
                new(t0.AddMinutes(5), DecisionKind.Repaired, "Docker events: ts-stalwart restart: stale netns [stack.netns-stale]",
                    "gated bring-up (Stalwart (re)started only after a verified PostgreSQL login from the sidecar's netns)",
                    "Verified: released after a verified PostgreSQL login; Stalwart verified; timeline: settle 1.02 s; quick look 0.11 s"),
            ],
        };
        return new(true, state, "supervisor running (pid 4242) since 2026-11-25 03:00:00Z, 1 repair(s)");
    }

    [Fact]
    public void At_80x24_the_supervisor_line_sits_under_one_uncut_row_per_service_and_opens_in_full()
    {
        // given
        using var tui = new TuiHarness(backend: new TuiBackend(new LogRingBuffer(1000, 1 << 20)), width: 80, height: 24);

        // when
        tui.Window.Services.Apply(Stack);
        tui.Window.Services.ApplySupervisor(SupervisorPresenter.Present(Running()));
        var rows = tui.Region(tui.Window.Services);
        string screen = tui.Screen();

        // then: the services first, one row each, their fixed columns whole; the supervisor's line last
        Assert.Equal(Stack.Length + 1, rows.Count);
        for (int i = 0; i < Stack.Length; i++)
        {
            Assert.StartsWith(Stack[i].Name, rows[i], StringComparison.Ordinal);
            Assert.Contains(Stack[i].Uptime, rows[i], StringComparison.Ordinal);
        }
        Assert.StartsWith("supervisor: running since 03:00:00Z, 1 repair · last 03:05:00Z repaired: ", rows[^1], StringComparison.Ordinal);
        Assert.EndsWith("…", rows[^1], StringComparison.Ordinal);
        Assert.Contains("Logs", screen, StringComparison.Ordinal);
        Assert.All(screen.Split('\n'), r => Assert.True(r.TrimEnd('\r').Length <= 80, r));
        // what the line had to cut is there in full on one key
        tui.Press(Key.S.WithShift);
        string detail = tui.Flat(tui.Window.DetailView.Body);
        Assert.Contains("supervisor running (pid 4242) since 2026-11-25 03:00:00Z", detail, StringComparison.Ordinal);
        Assert.Contains("quick look 0.11 s", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_any_stack_is_seen_the_supervisor_line_still_shows_under_the_placeholder()
    {
        using var tui = new TuiHarness(backend: new TuiBackend(new LogRingBuffer(1000, 1 << 20)), width: 80, height: 24);

        tui.Window.Services.ApplySupervisor(SupervisorPresenter.Present(new SupervisorStatus(false, null, "no supervisor has run on this box")));
        var rows = tui.Region(tui.Window.Services);

        Assert.Equal([ServicesPane.Empty, "supervisor: none has run on this box (tailwart supervise)"], rows);
    }
}
