using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.BringUp;

namespace Tailwart.Tests.BringUp;

/// <summary>
/// The gate's watch for a blackholed route's return (issue 16): a fresh connect every interval,
/// the first answer ends it, nothing answers → it says so after its window, and its connects stay
/// bounded and paced even when each one fails at once. On fake time.
/// </summary>
public sealed class RouteReturnWatchTests
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A route dropped until <paramref name="restoredAt"/>: a connect made before then hangs until its timeout; one made after connects.</summary>
    private Func<TimeSpan, CancellationToken, Task<SocketError?>> DroppedUntil(TimeSpan restoredAt, List<TimeSpan> starts)
    {
        DateTimeOffset t0 = _time.GetUtcNow();
        return async (timeout, ct) =>
        {
            TimeSpan at = _time.GetUtcNow() - t0;
            starts.Add(at);
            if (at >= restoredAt)
                return null;
            // a SYN into a dropped route: nothing comes back before the connect's own timeout
            await Task.Delay(timeout, _time, ct);
            return SocketError.TimedOut;
        };
    }

    private async Task<T> Drive<T>(Task<T> task)
    {
        for (int i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            // let the watch's continuations (thread-pool) run before fake time moves on; a bare
            // Task.Yield left them behind on a loaded box, and the connects' start times with them
            await Task.Delay(2);
        }
        Assert.True(task.IsCompleted, "the watch never ended");
        return await task;
    }

    [Fact]
    public async Task A_route_restored_mid_window_is_seen_within_one_interval()
    {
        var starts = new List<TimeSpan>();
        var watch = RouteReturnWatch.WaitAsync(DroppedUntil(TimeSpan.FromSeconds(1.05), starts), TimeSpan.FromSeconds(10), Every, _time, CancellationToken.None);

        var result = await Drive(watch);

        Assert.True(result.Answered);
        Assert.True(starts[^1] - TimeSpan.FromSeconds(1.05) <= Every + TimeSpan.FromMilliseconds(20), $"the answering connect started {starts[^1]}, the route returned at 1.05 s");
        Assert.InRange(result.Connects, 6, 7);
    }

    [Fact]
    public async Task A_route_that_stays_dropped_ends_the_window_unanswered_with_its_connects_counted()
    {
        var starts = new List<TimeSpan>();
        var watch = RouteReturnWatch.WaitAsync(DroppedUntil(TimeSpan.MaxValue, starts), TimeSpan.FromSeconds(3), Every, _time, CancellationToken.None);

        var result = await Drive(watch);

        Assert.False(result.Answered);
        Assert.Equal(SocketError.TimedOut, result.LastError);
        Assert.Equal(15, result.Connects); // 3 s ÷ 200 ms, never more
        Assert.All(starts.Zip(starts.Skip(1)), p => Assert.True(p.Second - p.First >= Every - TimeSpan.FromMilliseconds(1), $"connects {p.First} and {p.Second} closer than the pace"));
    }

    [Fact]
    public async Task Fast_failures_do_not_speed_the_pace_up()
    {
        // given: every connect fails at once (no route to host: an ICMP answer, the route still down)
        int connects = 0;
        var watch = RouteReturnWatch.WaitAsync((_, _) => { connects++; return Task.FromResult<SocketError?>(SocketError.HostUnreachable); }, TimeSpan.FromSeconds(2), Every, _time, CancellationToken.None);

        var result = await Drive(watch);

        Assert.False(result.Answered);
        Assert.Equal(SocketError.HostUnreachable, result.LastError);
        Assert.Equal(10, connects);
    }

    [Fact]
    public async Task A_refusal_counts_as_the_route_answering()
    {
        // the route carries packets again, though nothing listens yet: the full check will say "refused"
        var watch = RouteReturnWatch.WaitAsync((_, _) => Task.FromResult<SocketError?>(SocketError.ConnectionRefused), TimeSpan.FromSeconds(10), Every, _time, CancellationToken.None);

        var result = await Drive(watch);

        Assert.True(result.Answered);
        Assert.Equal(1, result.Connects);
    }
}
