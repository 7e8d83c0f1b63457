namespace Tailwart.Core.Waiting;

/// <summary>
/// The one way Core waits for something: a condition tried every interval until it holds or the
/// deadline passes, on an injected clock (so tests run it on fake time), and the timeout says
/// what was awaited, for how long, and the last error seen. Nothing here sleeps on the wall clock.
/// </summary>
public static class Wait
{
    /// <summary>
    /// Tries <paramref name="attempt"/> now and then every <paramref name="interval"/> until it returns a
    /// value; a <paramref name="transient"/> exception counts as "not yet". After <paramref name="deadline"/>
    /// it throws <see cref="WaitTimedOutException"/> naming <paramref name="what"/> (the last error inside).
    /// </summary>
    public static async Task<T> UntilAsync<T>(string what, Func<CancellationToken, Task<T?>> attempt, TimeSpan interval, TimeSpan deadline, TimeProvider time,
        Func<Exception, bool>? transient = null, CancellationToken ct = default) where T : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        long start = time.GetTimestamp();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await attempt(ct).ConfigureAwait(false) is T done)
                    return done;
            }
            catch (Exception e) when (transient?.Invoke(e) == true && !ct.IsCancellationRequested)
            {
                last = e;
            }
            TimeSpan left = deadline - time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
                throw new WaitTimedOutException(what, deadline, last);
            await Task.Delay(interval < left ? interval : left, time, ct).ConfigureAwait(false);
        }
    }
}
