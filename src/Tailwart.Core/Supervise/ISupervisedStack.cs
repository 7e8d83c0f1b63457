using Tailwart.Core.BringUp;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;

namespace Tailwart.Core.Supervise;

/// <summary>What the supervisor needs from the stack: the seam its unit tests replace with a fake.</summary>
internal interface ISupervisedStack
{
    /// <summary>The services the diagnosis names (sidecar, Stalwart).</summary>
    DiagnosisOptions Services { get; }

    /// <summary>Throws when dockerd does not answer (bounded).</summary>
    Task PingAsync(CancellationToken ct);

    /// <summary>Docker's view of the project's containers only (an inspect, no probe): the quick look after a sidecar event.</summary>
    Task<StackSnapshot> DiscoverAsync(CancellationToken ct);

    /// <summary>The stack diagnosis (read-only).</summary>
    Task<StackDiagnosisResult> DiagnoseAsync(CancellationToken ct);

    /// <summary>The gated bring-up `up` runs (it repairs a stale netns and a start into the race through the gate); the caller holds the actor lock.</summary>
    Task<BringUpResult> BringUpAsync(BringUpOptions options, CancellationToken ct);

    /// <summary>The project's container events; throws <see cref="StackEventsLostException"/> when the stream drops.</summary>
    IAsyncEnumerable<StackEvent> EventsAsync(CancellationToken ct);

    /// <summary>The one actor lock of the box, held for each repair.</summary>
    Task<IDisposable> LockAsync(string holder, Action<string> onWaiting, CancellationToken ct);
}
