using System.Globalization;
using Tailwart.Core.Checks;
using Tailwart.Core.Supervise;

namespace Tailwart.Core.Presenting;

/// <summary>
/// The supervisor as one line of the services pane (issue 20: visible from everywhere): whether one
/// runs, since when, and its last decision, from the state file (<see cref="SupervisorStatus"/>),
/// the same one `status` and the doctor read. Short first (the pane cuts it to its width); the
/// whole summary (its pid too) and decision are the line's detail; at 80 columns the last
/// decision's kind still shows.
/// </summary>
public static class SupervisorPresenter
{
    public static PresentedLine Present(SupervisorStatus status)
    {
        SupervisorDecision? last = status.Last;
        string decision = last is null ? "" : $" · last {Time(last.At)} {SupervisorDecision.NameOf(last.Kind)}: {last.Result}";
        string detail = last is null ? status.Summary : $"{status.Summary}\n  last decision {last.At.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z: {last.Line}";
        if (status.State is not { } state)
            return new("supervisor: none has run on this box (tailwart supervise)", Severity.Info, detail);
        if (status.Running)
            return new($"supervisor: running since {Time(state.Since)}, {state.Repairs} repair{(state.Repairs == 1 ? "" : "s")}{decision}", Severity.Ok, detail);
        if (state.StoppedAt is { } stopped)
            return new($"supervisor: not running (stopped {Time(stopped)}){decision}", Severity.Info, detail);
        // the pid is gone and no stop was recorded: it died, and nothing holds the gate now
        return new($"supervisor: not running (pid {state.Pid} gone without a clean stop){decision}", Severity.Warning, detail);
    }

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
}
