using Microsoft.Extensions.Time.Testing;
using Tailwart.Cli;
using Tailwart.Core.Logs;

namespace Tailwart.Tests.Cli;

public sealed class StalwartWarningTriggerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    private static LogLine Line(string service, LogSeverity severity) => new(T0, service, "store: connection refused", severity);

    [Fact]
    public void A_Stalwart_warning_pokes_the_diagnosis_at_most_once_per_interval_and_other_lines_never()
    {
        // given
        var time = new FakeTimeProvider(T0);
        int pokes = 0;
        var trigger = new StalwartWarningTrigger("stalwart", TimeSpan.FromSeconds(60), time, () => pokes++);

        // when: info from Stalwart and errors from other services
        trigger.OnLine(Line("stalwart", LogSeverity.Info));
        trigger.OnLine(Line("postgres", LogSeverity.Error));
        trigger.OnLine(Line("ts-stalwart", LogSeverity.Warn));
        // then
        Assert.Equal(0, pokes);

        // when: a burst of Stalwart errors
        trigger.OnLine(Line("stalwart", LogSeverity.Error));
        trigger.OnLine(Line("stalwart", LogSeverity.Warn));
        time.Advance(TimeSpan.FromSeconds(59));
        trigger.OnLine(Line("stalwart", LogSeverity.Error));
        // then: one diagnosis for the burst
        Assert.Equal(1, pokes);

        // when: the interval has passed
        time.Advance(TimeSpan.FromSeconds(1));
        trigger.OnLine(Line("stalwart", LogSeverity.Warn));
        // then
        Assert.Equal(2, pokes);
    }

    [Fact]
    public void The_buffer_hands_each_added_line_to_its_listeners_after_taking_it()
    {
        // given
        var buffer = new LogRingBuffer(100, 1 << 20);
        var seen = new List<(string Text, int Count)>();
        buffer.LineAdded += l => seen.Add((l.Text, buffer.Count));

        // when
        buffer.Add(new LogLine(T0, "stalwart", "one", LogSeverity.Warn));
        buffer.AddRange([new LogLine(T0.AddSeconds(1), "stalwart", "two", LogSeverity.Info), new LogLine(T0.AddSeconds(2), "stalwart", "three", LogSeverity.Error)]);

        // then: every line, in order, each once the buffer holds it
        Assert.Equal([("one", 1), ("two", 3), ("three", 3)], seen);
    }
}
