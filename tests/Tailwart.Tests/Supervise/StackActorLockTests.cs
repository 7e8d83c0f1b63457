using Microsoft.Extensions.Time.Testing;
using Tailwart.Core;
using Tailwart.Core.Supervise;

namespace Tailwart.Tests.Supervise;

/// <summary>One actor at a time on the stack: up, the TUI's actions and supervise share this lock.</summary>
public sealed class StackActorLockTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-actor-lock-").FullName;

    private StackActorLock Lock() => new(Path.Combine(_dir, StackActorLock.FileName), _time);

    [Fact]
    public void A_second_actor_is_refused_while_the_first_holds_it_and_learns_who_holds_it()
    {
        using IDisposable first = Lock().TryAcquire("supervise: gated repair") ?? throw new InvalidOperationException("not acquired");

        Assert.Null(Lock().TryAcquire("up"));
        Assert.StartsWith($"supervise: gated repair (pid {Environment.ProcessId}) since 06:00:00Z", Lock().Holder(), StringComparison.Ordinal);
    }

    [Fact]
    public void Released_it_is_free_again()
    {
        Lock().TryAcquire("up")!.Dispose();

        using IDisposable? again = Lock().TryAcquire("supervise");
        Assert.NotNull(again);
    }

    [Fact]
    public async Task A_waiter_that_runs_out_of_time_gets_a_message_naming_the_holder_and_changes_nothing()
    {
        using IDisposable held = Lock().TryAcquire("supervise: gated repair")!;
        string? told = null;

        Task<IDisposable> waiting = Lock().AcquireAsync("up", TimeSpan.FromSeconds(2), h => told = h, CancellationToken.None);
        for (int i = 0; i < 200 && !waiting.IsCompleted; i++)
        {
            await Task.Delay(2);
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }

        var e = await Assert.ThrowsAsync<UserFacingException>(() => waiting);
        Assert.Contains("supervise: gated repair", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("supervise: gated repair", told, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
