namespace Tailwart.Core.Waiting;

/// <summary>
/// The pause between attempts at something that keeps going (a watch, a log stream): it starts at
/// <paramref name="first"/>, doubles up to <paramref name="cap"/>, and goes back to the start when the
/// other side answered (<see cref="Reset"/>). On an injected clock, so tests run it on fake time.
/// </summary>
public sealed class Backoff(TimeSpan first, TimeSpan cap, TimeProvider time)
{
    private readonly TimeSpan _first = first;

    public TimeSpan Next { get; private set; } = first;

    /// <summary>The other side answered: the next pause is the first one again.</summary>
    public void Reset() => Next = _first;

    /// <summary>Waits the current pause, then doubles it (to the cap). False when cancelled instead of throwing.</summary>
    public async Task<bool> PauseAsync(CancellationToken ct)
    {
        if (!await Wait.PauseAsync(Next, time, ct).ConfigureAwait(false))
            return false;
        Next = TimeSpan.FromTicks(Math.Min(Next.Ticks * 2, cap.Ticks));
        return true;
    }
}
