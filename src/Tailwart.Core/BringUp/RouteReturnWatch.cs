using System.Net.Sockets;

namespace Tailwart.Core.BringUp;

/// <summary>
/// Watches a blackholed route for its return with a fresh TCP connect every
/// <see cref="BringUpOptions.RouteWatchInterval"/>, each allowed to wait out its SYN retransmits
/// until the window ends. Why: a single connect into a dropped route retransmits its SYN after
/// 1 s, then 3 s, so a route restored just after a retransmit went unnoticed for up to 2 s, and
/// the exec-based checks (nc -w 3, then a hedged group of three) left gaps of ~2.5 s with no SYN
/// at all (issue 16's gate-default bench). A new SYN every few hundred milliseconds sees the
/// return within one interval; the first answer (a connect, or a refusal: the route carries
/// packets again) ends the watch and the full login check runs.
/// </summary>
/// <remarks>
/// Bounded: each connect waits at most nc's 3 s connect timeout, so at most 3 s ÷ interval are in
/// flight (30 with the defaults), all closed when the watch ends. Bare connects send no bytes, so nothing is logged by PostgreSQL and no login is
/// spent; only packets to the one address the sidecar resolved the target to.
/// </remarks>
internal static class RouteReturnWatch
{
    /// <summary>The outcome: whether anything answered, after how many connects, and the last error seen.</summary>
    public readonly record struct Result(bool Answered, int Connects, SocketError? LastError);

    /// <param name="connectOnce">One connect with its timeout: null when it connected, else its error.</param>
    public static async Task<Result> WaitAsync(
        Func<TimeSpan, CancellationToken, Task<SocketError?>> connectOnce,
        TimeSpan window, TimeSpan every, TimeProvider time, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inFlight = new List<Task<SocketError?>>();
        long started = time.GetTimestamp();
        SocketError? last = SocketError.TimedOut;
        int connects = 0;
        Task? tick = null; // the pace: a new connect only when the previous interval has passed
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                TimeSpan left = window - time.GetElapsedTime(started);
                if (tick is null && left > TimeSpan.Zero)
                {
                    inFlight.Add(connectOnce(left, stop.Token));
                    connects++;
                    tick = Task.Delay(left < every ? left : every, time, stop.Token);
                }
                if (tick is null && inFlight.Count == 0)
                    return new Result(false, connects, last);
                Task done = await Task.WhenAny(tick is null ? [.. inFlight] : [.. inFlight, tick]).ConfigureAwait(false);
                if (done == tick)
                {
                    tick = null;
                    continue;
                }
                var finished = (Task<SocketError?>)done;
                inFlight.Remove(finished);
                if (!finished.IsCompletedSuccessfully)
                {
                    ct.ThrowIfCancellationRequested();
                    last = SocketError.SocketError; // the socket could not be made (netns gone): keep the pace, the full check will say
                    continue;
                }
                // connected, or refused / reset: packets flow again, and the full check says what answers
                if (finished.Result is null or SocketError.ConnectionRefused or SocketError.ConnectionReset)
                    return new Result(true, connects, finished.Result);
                last = finished.Result; // timed out, or unreachable: still down
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var t in inFlight)
                _ = t.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }
}
