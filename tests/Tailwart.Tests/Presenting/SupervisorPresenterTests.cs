using Tailwart.Core.Checks;
using Tailwart.Core.Presenting;
using Tailwart.Core.Supervise;

namespace Tailwart.Tests.Presenting;

public sealed class SupervisorPresenterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    private static SupervisorState State(DateTimeOffset? stopped = null) => new()
    {
        Pid = 77,
        Since = T0,
        StoppedAt = stopped,
        Repairs = 2,
        Decisions = [new(T0.AddMinutes(9), DecisionKind.RepairFailed, "Stalwart exited [stack.stalwart-exited]", "gated bring-up", "GateRefused: the route was not verified within 120 s")],
    };

    [Fact]
    public void A_running_supervisor_says_since_when_and_its_last_decision_by_name()
    {
        var line = SupervisorPresenter.Present(new SupervisorStatus(true, State(), "supervisor running (pid 77)"));

        Assert.Equal("supervisor: running since 03:00:00Z, 2 repairs · last 03:09:00Z repair-failed: GateRefused: the route was not verified within 120 s", line.Text);
        Assert.Equal(Severity.Ok, line.Severity);
        Assert.Contains("last decision 2026-12-02 03:09:00Z: RepairFailed: saw Stalwart exited", line.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_supervisor_that_died_without_a_clean_stop_is_a_warning_and_a_clean_stop_is_not()
    {
        var died = SupervisorPresenter.Present(new SupervisorStatus(false, State(), "no supervisor runs: gone"));
        var stopped = SupervisorPresenter.Present(new SupervisorStatus(false, State(T0.AddHours(1)), "no supervisor runs: stopped"));

        Assert.StartsWith("supervisor: not running (pid 77 gone without a clean stop)", died.Text, StringComparison.Ordinal);
        Assert.Equal(Severity.Warning, died.Severity);
        Assert.StartsWith("supervisor: not running (stopped 04:00:00Z) · last 03:09:00Z", stopped.Text, StringComparison.Ordinal);
        Assert.Equal(Severity.Info, stopped.Severity);
    }
}
