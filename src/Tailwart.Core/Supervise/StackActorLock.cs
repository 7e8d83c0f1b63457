using System.Globalization;
using Tailwart.Core.State;

using Tailwart.Core.Waiting;

namespace Tailwart.Core.Supervise;

/// <summary>
/// One actor at a time on the stack, box-wide: `up`, the TUI's actions (up, flush) and `supervise`
/// each hold this lock while they change containers, so a supervisor and a person can never run two
/// bring-ups (or a restart into a bring-up) at once. It is an flock (.NET takes one for
/// FileShare.None on Unix) on <c>stack-actor.lock</c> in the ledger directory, the box-wide one
/// when it can be used (root's systemd unit and an admin's shell then share it), released by the
/// kernel when the holder dies, so a crash never leaves it stuck. Who holds it is written beside
/// it (<c>stack-actor.holder</c>), for the message of whoever waits.
/// </summary>
internal sealed class StackActorLock(string path, TimeProvider time, bool shared = false)
{
    public const string FileName = "stack-actor.lock";

    /// <summary>How often a waiter tries again (the kernel has no awaitable flock; a short poll is cheap and bounded by the caller).</summary>
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(250);

    public string Path { get; } = path;

    private string HolderPath => System.IO.Path.ChangeExtension(Path, ".holder");

    public static StackActorLock InState(StatePaths state, TimeProvider time) => state.LedgerIsShared
        ? new(System.IO.Path.Combine(state.LedgerDirectory, FileName), time, shared: true)
        : new(System.IO.Path.Combine(StatePaths.EnsurePrivateDirectory(state.LedgerDirectory), FileName), time);

    private UnixFileMode Mode => UnixFileMode.UserRead | UnixFileMode.UserWrite | (shared ? UnixFileMode.GroupRead | UnixFileMode.GroupWrite : 0);

    /// <summary>The lock now, or null when another actor holds it.</summary>
    public IDisposable? TryAcquire(string holder)
    {
        try
        {
            var stream = new FileStream(Path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = Mode,
            });
            WriteHolder(holder);
            return stream;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits for the lock up to <paramref name="wait"/> (null: until <paramref name="ct"/>); throws a
    /// <see cref="UserFacingException"/> naming the holder when it stays taken. <paramref name="onWaiting"/>
    /// is told once, with the holder, when the lock is not free at once.
    /// </summary>
    public async Task<IDisposable> AcquireAsync(string holder, TimeSpan? wait, Action<string>? onWaiting, CancellationToken ct)
    {
        bool told = false;
        Task<IDisposable?> Attempt(CancellationToken _)
        {
            if (TryAcquire(holder) is { } held)
                return Task.FromResult<IDisposable?>(held);
            if (!told)
            {
                onWaiting?.Invoke(Holder() ?? "another tailwart process");
                told = true;
            }
            return Task.FromResult<IDisposable?>(null);
        }
        if (wait is not { } w)
            return await Wait.UntilAsync(Attempt, Retry, time, ct).ConfigureAwait(false);
        try
        {
            return await Wait.UntilAsync("the stack's actor lock", Attempt, Retry, w, time, ct: ct).ConfigureAwait(false);
        }
        catch (WaitTimedOutException e)
        {
            throw new UserFacingException($"another actor is changing the stack ({Holder() ?? "another tailwart process"}) and did not finish within {w.TotalSeconds:0} s; nothing was changed. Try again when it is done (`tailwart status` shows a running supervisor).", e);
        }
    }

    /// <summary>Who holds (or last held) the lock: "supervise (pid 812) since 04:12:09Z: gated restart".</summary>
    public string? Holder()
    {
        try
        {
            return File.Exists(HolderPath) ? File.ReadAllText(HolderPath).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void WriteHolder(string holder)
    {
        try
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"{holder} (pid {Environment.ProcessId}) since {time.GetUtcNow():HH:mm:ss'Z'}");
            File.WriteAllText(HolderPath, text);
            File.SetUnixFileMode(HolderPath, Mode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // only a message for waiters; the lock itself is held
        }
    }
}
