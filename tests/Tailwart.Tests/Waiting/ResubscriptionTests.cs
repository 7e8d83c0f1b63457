using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Waiting;

namespace Tailwart.Tests.Waiting;

/// <summary>The container watch's re-subscribe loop (<see cref="Resubscription"/>) on fake time: the pauses grow to the cap and reset on an answer.</summary>
public sealed class ResubscriptionTests
{
    private readonly PauseRecordingTime _time = new();

    /// <summary>Fake time that records every pause asked of it, so the test advances exactly one pause at a time.</summary>
    private sealed class PauseRecordingTime() : FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero))
    {
        private readonly List<TimeSpan> _pauses = [];

        public IReadOnlyList<TimeSpan> Pauses
        {
            get
            {
                lock (_pauses)
                    return [.. _pauses];
            }
        }

        // Recorded once the timer exists: recorded before, the test could advance the clock while the timer was
        // still being made, and a timer made after the advance never fired ("never: pause 6", once under load).
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ITimer timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_pauses)
                _pauses.Add(dueTime);
            return timer;
        }
    }

    /// <summary>A subscription per call: the scripted items of that call (none: the daemon did not answer), then the stream ends.</summary>
    private static async IAsyncEnumerable<int> Scripted(int[][] script, List<DateTimeOffset> subscribed, TimeProvider time, [EnumeratorCancellation] CancellationToken ct = default)
    {
        int call;
        lock (subscribed)
        {
            call = subscribed.Count;
            subscribed.Add(time.GetUtcNow());
        }
        await Task.Yield();
        foreach (int item in call < script.Length ? script[call] : [])
            yield return item;
    }

    /// <summary>Waits (real time, bounded) until <paramref name="done"/> holds.</summary>
    private static async Task Until(Func<bool> done, string what)
    {
        for (int i = 0; i < 1000 && !done(); i++)
            await Task.Delay(10, CancellationToken.None);
        Assert.True(done(), "never: " + what);
    }

    [Fact]
    public async Task A_dropped_stream_is_subscribed_again_with_growing_pauses_to_the_cap_and_an_answer_resets_them()
    {
        // given: the first subscription answers, the next four do not, the sixth answers, the seventh does not
        int[][] script = [[1], [], [], [], [], [2], []];
        var subscribed = new List<DateTimeOffset>();
        var seen = new List<int>();
        using var cts = new CancellationTokenSource();
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), _time);
        Task reading = Task.Run(async () =>
        {
            await foreach (int item in Resubscription.ForeverAsync(ct => Scripted(script, subscribed, _time, ct), backoff, cts.Token))
                seen.Add(item);
        });

        // when: fake time runs one asked-for pause at a time, seven times
        for (int k = 0; k < 7; k++)
        {
            await Until(() => _time.Pauses.Count > k, $"pause {k + 1}");
            _time.Advance(_time.Pauses[k]);
        }
        await Until(() => subscribed.Count == 8, "the eighth subscription");
        await cts.CancelAsync();

        // then: 0.5 s after an answer, then 1 s, 2 s, 2 s, 2 s (the cap); the answer resets it to 0.5 s, then 1 s
        Assert.Equal([0.5, 1, 2, 2, 2, 0.5, 1], _time.Pauses.Take(7).Select(p => p.TotalSeconds));
        Assert.Equal([1, 2], seen);
        Assert.Equal(TimeSpan.FromSeconds(9), subscribed[7] - subscribed[0]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancelling_during_a_pause_ends_the_watch_at_once_without_another_subscription()
    {
        // given: a stream that never answers, in its first pause
        var subscribed = new List<DateTimeOffset>();
        using var cts = new CancellationTokenSource();
        Task reading = Task.Run(async () =>
        {
            await foreach (int _ in Resubscription.ForeverAsync(ct => Scripted([], subscribed, _time, ct), new Backoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), _time), cts.Token))
            {
            }
        });
        await Until(() => _time.Pauses.Count == 1, "the first pause");

        // when
        await cts.CancelAsync();

        // then: the watch ends as cancelled, and nothing subscribed again
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(subscribed);
    }
}
