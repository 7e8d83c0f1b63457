using System.Globalization;
using System.Text;
using Tailwart.Core.BringUp;
using Tailwart.Core.Docker;
using Tailwart.Core.Presenting;

namespace Tailwart.Core.Supervise;

/// <summary>
/// Where one look-and-repair's time went, written into the repair's decision: the event that
/// triggered it (Docker's time and when it arrived), the settle, the diagnosis, the back-off, the
/// actor lock, and each step of the gated bring-up. Issue 20 bounds a sidecar-restart repair at
/// 10 s; the audit line then says which part of a slow one cost what, instead of a guess.
/// </summary>
internal sealed class RepairTimeline
{
    private readonly TimeProvider _time;
    private readonly StringBuilder _text = new();
    private long _lap;

    /// <summary>A timeline that begins now (a recheck, the first look: no event).</summary>
    public RepairTimeline(TimeProvider time)
    {
        _time = time;
        _lap = time.GetTimestamp();
    }

    /// <summary>A timeline that begins at the arrival of <paramref name="first"/>, the burst's first event.</summary>
    public RepairTimeline(TimeProvider time, StackEvent first, DateTimeOffset received) : this(time) =>
        Append($"first event {first.Service} {first.Action} at {first.At:HH:mm:ss.fff}Z, received {Seconds(received - first.At)} s later");

    /// <summary>The time since the previous lap, named <paramref name="what"/>.</summary>
    public void Lap(string what)
    {
        long now = _time.GetTimestamp();
        Append($"{what} {Seconds(_time.GetElapsedTime(_lap, now))} s");
        _lap = now;
    }

    /// <summary>When each step of the bring-up ended, from its start: the route gate's hold and Stalwart's restart show as steps.</summary>
    public void Steps(BringUpResult result)
    {
        var ends = result.Events
            .Where(e => e.Status is StepStatus.Succeeded or StepStatus.Skipped or StepStatus.Failed)
            .GroupBy(e => e.Step)
            .Select(g => g.Last())
            .OrderBy(e => e.Elapsed)
            .Select(e => $"{Name(e.Step)} {(e.Status == StepStatus.Failed ? "failed" : "done")} +{Seconds(e.Elapsed)} s");
        Append("bring-up: " + string.Join(", ", ends));
        // the gate's own account: its attempts and hold, and any flap that restarted its window
        var route = result.Events.Where(e => e.Step == BringUpStep.RouteVerified).ToList();
        var flaps = route.Where(e => e.Evidence.StartsWith("route flapped", StringComparison.Ordinal)).ToList();
        if (route.LastOrDefault(e => e.Status == StepStatus.Succeeded) is { } verified && verified.Evidence.LastIndexOf("(attempt", StringComparison.Ordinal) is int at and >= 0)
            Append("gate " + verified.Evidence[(at + 1)..].TrimEnd(')'));
        if (flaps.Count > 0)
            Append($"gate saw {flaps.Count} flap(s), at +{string.Join(", +", flaps.Select(f => Seconds(f.Elapsed)))} s, the first: {TextWrap.Cut(flaps[0].Evidence, 160)}");
        _lap = _time.GetTimestamp();
    }

    public override string ToString() => _text.ToString();

    private void Append(string part) => _text.Append(_text.Length == 0 ? "" : "; ").Append(part);

    private static string Seconds(TimeSpan t) => (t < TimeSpan.Zero ? TimeSpan.Zero : t).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Name(BringUpStep step) => step switch
    {
        BringUpStep.Discover => "discover",
        BringUpStep.SidecarStarted => "sidecar started",
        BringUpStep.SidecarHealthy => "sidecar running",
        BringUpStep.RouteVerified => "route verified",
        BringUpStep.StalwartStarted => "Stalwart (re)started",
        BringUpStep.StalwartVerified => "Stalwart verified",
        BringUpStep.EdgeStarted => "edge started",
        _ => step.ToString(),
    };
}
