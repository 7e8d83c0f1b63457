namespace Tailwart.Core.Waiting;

/// <summary>A <see cref="Wait"/> ran out of time: what it waited for, how long, and the last error seen.</summary>
public sealed class WaitTimedOutException(string what, TimeSpan deadline, Exception? last)
    : UserFacingException($"gave up waiting for {what} after {deadline.TotalSeconds:0.#} s{(last is null ? "" : $" (last error: {last.Message})")}.", last)
{
    public string What { get; } = what;
    public TimeSpan Deadline { get; } = deadline;
}
