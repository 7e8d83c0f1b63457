namespace Tailwart.Core.BringUp;

/// <summary>Collects a bring-up's events and forwards each, as it happens, to the caller's progress sink.</summary>
internal sealed class BringUpJournal(IProgress<BringUpEvent>? progress, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly List<BringUpEvent> _events = [];

    public IReadOnlyList<BringUpEvent> Events
    {
        get
        {
            lock (_events)
                return [.. _events];
        }
    }

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public void Emit(BringUpStep step, StepStatus status, string evidence)
    {
        var e = new BringUpEvent(step, status, Elapsed, evidence, time.GetUtcNow());
        lock (_events)
            _events.Add(e);
        progress?.Report(e);
    }

    public StepFailedException Fail(BringUpStep step, string message, BringUpOutcome outcome = BringUpOutcome.Failed)
    {
        Emit(step, StepStatus.Failed, message);
        return new StepFailedException(step, outcome, message);
    }
}
