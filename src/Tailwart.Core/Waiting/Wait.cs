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

    /// <summary>
    /// Tries <paramref name="attempt"/> now and then every <paramref name="interval"/> until it returns a
    /// value. The caller's deadline is <paramref name="ct"/> (a step deadline shared with earlier waits),
    /// so its cancellation ends the wait; the attempt itself says what it saw when it did not hold.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T?>> attempt, TimeSpan interval, TimeProvider time, CancellationToken ct) where T : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        while (true)
        {
            if (await attempt(ct).ConfigureAwait(false) is T done)
                return done;
            await Task.Delay(interval, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Waits <paramref name="pause"/> on <paramref name="time"/>; false when cancelled instead of throwing.</summary>
    public static async Task<bool> PauseAsync(TimeSpan pause, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await Task.Delay(pause, time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="signal"/> is released or <paramref name="timeout"/> passes on <paramref name="time"/>; true when released.</summary>
    public static async Task<bool> SignalledAsync(SemaphoreSlim signal, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await signal.WaitAsync(either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
