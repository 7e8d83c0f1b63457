using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Waiting;

namespace Tailwart.Tests.Waiting;

/// <summary>The one wait helper and the back-off, on fake time only.</summary>
public sealed class WaitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Advances the fake clock in steps until <paramref name="task"/> completes (real time stays tiny).</summary>
    private async Task<T> Drive<T>(Task<T> task, TimeSpan step)
    {
        for (int i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1, CancellationToken.None);
            _time.Advance(step);
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    [Fact]
    public async Task The_condition_is_tried_every_interval_until_it_holds()
    {
        // given a condition that holds on the third try
        var tries = new List<DateTimeOffset>();
        Task<string> waiting = Wait.UntilAsync("the answer", _ =>
        {
            tries.Add(_time.GetUtcNow());
            return Task.FromResult(tries.Count == 3 ? "yes" : null);
        }, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), _time);

        // when
        string result = await Drive(waiting, TimeSpan.FromMilliseconds(500));

        // then
        Assert.Equal("yes", result);
        Assert.Equal(3, tries.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), tries[1] - tries[0]);
        Assert.Equal(TimeSpan.FromSeconds(2), tries[2] - tries[1]);
    }

    [Fact]
    public async Task At_the_deadline_it_says_what_it_waited_for_how_long_and_the_last_error()
    {
        // given a condition that always fails with a transient error
        int tries = 0;
        Task<string> waiting = Wait.UntilAsync<string>("the admin API", _ => throw new IOException($"refused #{++tries}"),
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), _time, e => e is IOException);

        // when
        var e = await Assert.ThrowsAsync<WaitTimedOutException>(() => Drive(waiting, TimeSpan.FromMilliseconds(500)));

        // then: tries at 0, 2, 4, 6 and 8 s, then no more
        Assert.Equal(5, tries);
        Assert.Equal("gave up waiting for the admin API after 8 s (last error: refused #5).", e.Message);
        Assert.IsType<IOException>(e.InnerException);
    }

    [Fact]
    public async Task An_error_that_is_not_transient_ends_the_wait_at_once()
    {
        int tries = 0;
        Task<string> waiting = Wait.UntilAsync<string>("x", _ => { tries++; throw new InvalidOperationException("bug"); },
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), _time, e => e is IOException);

        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting);
        Assert.Equal(1, tries);
    }

    [Fact]
    public async Task The_back_off_doubles_to_its_cap_and_starts_over_after_a_reset()
    {
        // given
        var pause = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), _time);
        var seen = new List<TimeSpan>();

        // when
        for (int i = 0; i < 4; i++)
        {
            seen.Add(pause.Next);
            Assert.True(await Drive(pause.PauseAsync(CancellationToken.None), TimeSpan.FromMilliseconds(250)));
        }
        pause.Reset();

        // then
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], seen);
        Assert.Equal(TimeSpan.FromMilliseconds(500), pause.Next);
    }

    [Fact]
    public async Task A_cancelled_pause_returns_false_instead_of_throwing()
    {
        var pause = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), _time);
        using var cts = new CancellationTokenSource();
        Task<bool> pausing = pause.PauseAsync(cts.Token);

        await cts.CancelAsync();

        Assert.False(await pausing.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
    }
}
