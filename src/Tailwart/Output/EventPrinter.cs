using System.Globalization;
using Tailwart.Core.BringUp;

namespace Tailwart.Cli.Verbs;

/// <summary>Prints each bring-up event as it happens (text mode); synchronous so lines keep their order.</summary>
public sealed class EventPrinter(CliOutput output) : IProgress<BringUpEvent>
{
    private readonly Lock _gate = new();

    public void Report(BringUpEvent value)
    {
        string status = value.Status switch
        {
            StepStatus.Succeeded => "ok",
            StepStatus.Failed => "FAILED",
            StepStatus.Skipped => "already",
            StepStatus.WouldRun => "would",
            StepStatus.Started => "…",
            _ => "·",
        };
        lock (_gate)
            output.Line(string.Create(CultureInfo.InvariantCulture, $"[{value.Elapsed.TotalSeconds,6:0.0}s] {Name(value.Step),-17} {status,-7} {value.Evidence}"));
    }

    public static string Name(BringUpStep step) => step switch
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
}
