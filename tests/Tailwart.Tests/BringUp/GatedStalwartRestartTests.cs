using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Bans;
using Tailwart.Core.BringUp;

namespace Tailwart.Tests.BringUp;

/// <summary>The gate and the restart are one operation: the restart checks the route itself.</summary>
public sealed class GatedStalwartRestartTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_route_that_is_not_verified_restarts_nothing()
    {
        // given Stalwart runs, the route to Postgres does not
        var stack = new FakeStack(_time);
        stack.Put(FakeStack.Snap("stalwart", "running"));
        var route = new FakeRoute(FakeRoute.Failing(RouteLevel.TcpConnected, RouteFailure.NotPostgres, "port open but not PostgreSQL"));
        var restart = new GatedStalwartRestart(stack, route, new FakeSessions(), "stalwart", new BringUpOptions(), _time);
        bool released = false;

        // when
        GatedRestartOutcome outcome = await restart.RestartThroughGateAsync(_ => released = true);

        // then
        Assert.False(outcome.Gate.Released);
        Assert.Null(outcome.Restart);
        Assert.False(released);
        Assert.Equal(1, route.Checks);
        Assert.DoesNotContain(stack.Calls, c => c.StartsWith("restart", StringComparison.Ordinal));
        Assert.Contains("NotPostgres: port open but not PostgreSQL", outcome.Gate.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verified_route_is_checked_before_the_restart_in_the_same_call()
    {
        // given
        var stack = new FakeStack(_time);
        stack.Put(FakeStack.Snap("stalwart", "running"));
        var order = new List<string>();
        var route = new FakeRoute(FakeRoute.Verified) { OnCheck = () => order.Add("route") };
        var options = new BringUpOptions { StalwartVerifyDeadline = TimeSpan.FromSeconds(10), StableWindow = TimeSpan.FromSeconds(3) };
        var restart = new GatedStalwartRestart(stack, route, new FakeSessions(), "stalwart", options, _time);

        // when (the verification's stable window passes on the fake clock)
        Task<GatedRestartOutcome> running = restart.RestartThroughGateAsync(g => order.Add("released: " + g.Evidence));
        for (int i = 0; i < 5000 && !running.IsCompleted; i++)
        {
            await Task.Delay(1, CancellationToken.None);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        GatedRestartOutcome outcome = await running.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        // then the route was verified, the release reported, then the restart asked of Docker and verified
        Assert.Equal(1, route.Checks);
        Assert.Equal("route", order[0]);
        Assert.StartsWith("released: logged in as stalwart", order[1], StringComparison.Ordinal);
        Assert.Contains("restart stalwart", stack.Calls);
        Assert.True(outcome.Restart?.Verified, outcome.Restart?.Evidence);
    }
}
