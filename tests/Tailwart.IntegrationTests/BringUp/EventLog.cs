using Tailwart.Core.BringUp;
using Xunit.Abstractions;

namespace Tailwart.IntegrationTests.BringUp;

/// <summary>Collects bring-up events and mirrors them to the test output.</summary>
internal sealed class EventLog(ITestOutputHelper output) : IProgress<BringUpEvent>
{
    private readonly List<BringUpEvent> _events = [];

    public Action<BringUpEvent>? OnEvent { get; set; }

    public IReadOnlyList<BringUpEvent> Events
    {
        get
        {
            lock (_events)
                return [.. _events];
        }
    }

    public void Report(BringUpEvent value)
    {
        lock (_events)
            _events.Add(value);
        output.WriteLine($"[{value.Elapsed.TotalSeconds,6:0.00}s] {value.Step} {value.Status}: {value.Evidence}");
        OnEvent?.Invoke(value);
    }
}
