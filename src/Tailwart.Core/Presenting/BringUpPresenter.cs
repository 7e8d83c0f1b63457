using System.Globalization;
using Tailwart.Core.BringUp;

namespace Tailwart.Core.Presenting;

/// <summary>
/// Bring-up events as `tailwart up` prints them and the TUI's overlay shows them: the same step
/// names ("sidecar healthy", not SidecarHealthy), the same columns. <see cref="EvidenceColumn"/> is
/// where the evidence starts, so a wrapped line keeps its column.
/// </summary>
public static class BringUpPresenter
{
    /// <summary>"[  12.3s] " + 17 + " " + 7 + " ".</summary>
    public const int EvidenceColumn = 36;

    public static string StepName(BringUpStep step) => step switch
    {
        BringUpStep.Discover => "discover",
        BringUpStep.SidecarStarted => "sidecar started",
        BringUpStep.SidecarHealthy => "sidecar healthy",
        BringUpStep.RouteVerified => "route verified",
        BringUpStep.StalwartStarted => "stalwart started",
        BringUpStep.StalwartVerified => "stalwart verified",
        BringUpStep.EdgeStarted => "edge started",
        _ => step.ToString(),
    };

    public static string StatusWord(StepStatus status) => status switch
    {
        StepStatus.Succeeded => "ok",
        StepStatus.Failed => "FAILED",
        StepStatus.Skipped => "already",
        StepStatus.WouldRun => "would",
        StepStatus.Started => "…",
        _ => "·",
    };

    public static string Line(BringUpEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"[{e.Elapsed.TotalSeconds,6:0.0}s] {StepName(e.Step),-17} {StatusWord(e.Status),-7} {e.Evidence}");

    /// <summary>
    /// The live line for a step that is waiting: how long it has waited so far and what for
    /// (the step's own last evidence, e.g. "waiting for the sidecar's health check").
    /// </summary>
    public static string Waiting(BringUpEvent started, TimeSpan sinceStart) =>
        string.Create(CultureInfo.InvariantCulture, $"[{sinceStart.TotalSeconds,6:0.0}s] {StepName(started.Step),-17} {"waiting",-7} {(sinceStart - started.Elapsed).TotalSeconds:0}s so far: {started.Evidence}");

    /// <summary>What stopping now leaves half-done, by the last step reached.</summary>
    public static string HalfDone(BringUpEvent? last) => last?.Step switch
    {
        null or BringUpStep.Discover => "nothing started yet",
        BringUpStep.SidecarStarted or BringUpStep.SidecarHealthy or BringUpStep.RouteVerified =>
            $"the sidecar is up but Stalwart is not started (stopped at '{StepName(last.Step)}'); U or `tailwart up` finishes it",
        BringUpStep.StalwartStarted => "Stalwart is starting but was not verified; `tailwart status` shows whether it came up",
        _ => $"the bring-up is past '{StepName(last.Step)}'; `tailwart status` shows the rest",
    };
}
