using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Guards;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Guards;

public sealed class BudgetGuardTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private BudgetGuard Guard() => new(new ActionLedger(Path.Combine(_dir.Path, "ledger.json"), _time), TimeSpan.FromSeconds(60));

    [Fact]
    public async Task A_refused_action_is_refused_at_once_with_the_next_allowed_time_and_never_runs()
    {
        var guard = Guard();
        int runs = 0;
        await guard.RunAsync("k", "probe", _ => Task.FromResult(++runs));

        var e = await Assert.ThrowsAsync<GuardRefusedException>(() => guard.RunAsync("k", "probe of mail:25", _ => Task.FromResult(++runs)));

        Assert.Equal(1, runs);
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), e.NextAllowedAt);
        Assert.Contains("probe of mail:25", e.Message, StringComparison.Ordinal);
        Assert.Contains("next allowed at", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_caller_while_the_first_is_in_flight_is_refused_not_queued()
    {
        var guard = Guard();
        var release = new TaskCompletionSource();
        Task<int> first = guard.RunAsync("k", "probe", async _ => { await release.Task; return 1; });

        var e = await Assert.ThrowsAsync<GuardRefusedException>(() => guard.RunAsync("k", "probe", _ => Task.FromResult(2)));
        release.SetResult();

        Assert.Equal(1, await first);
        Assert.Contains("already running", e.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_action_is_never_retried_when_it_fails()
    {
        var guard = Guard();
        int runs = 0;

        await Assert.ThrowsAsync<IOException>(() => guard.RunAsync<int>("k", "probe", _ => { runs++; throw new IOException("boom"); }));

        Assert.Equal(1, runs);
        await Assert.ThrowsAsync<GuardRefusedException>(() => guard.RunAsync("k", "probe", _ => Task.FromResult(0)));
    }
}
