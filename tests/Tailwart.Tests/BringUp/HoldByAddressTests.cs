using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.BringUp;

namespace Tailwart.Tests.BringUp;

/// <summary>
/// The hold when the gate reached the route by its address over netns sockets (issue 16): the
/// confirming checks go to that address (fast), the name is proven once by a check by the name
/// alongside, whose slowness is exec set-up and not read as a flap, but whose failure is one.
/// All on fake time.
/// </summary>
public sealed class HoldByAddressTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeStack _stack;
    private readonly List<BringUpEvent> _events = [];
    private static readonly BringUpOptions Defaults = new() { StableWindow = TimeSpan.FromSeconds(3) };

    public HoldByAddressTests()
    {
        _stack = new FakeStack(_time);
        _stack.Put(FakeStack.Snap("ts-stalwart", "created"));
        _stack.Put(FakeStack.Snap("stalwart", "created"));
    }

    private static RouteCheck Blackholed => new(RouteLevel.NameResolved, RouteFailure.NoAnswer, "no answer (blackholed?) from the-record-prod:5432 within 10 s", TimeSpan.FromMilliseconds(50));

    private static RouteCheck Fast => FakeRoute.Verified with { Elapsed = TimeSpan.FromMilliseconds(30) };

    [Fact]
    public async Task After_a_restore_the_hold_confirms_by_address_and_proves_the_name_once_alongside()
    {
        // given: blackholed for 20 s, then steady; a check by the name costs 0.4 s of exec set-up
        var route = new AddressRoute(_time, restoreAfter: TimeSpan.FromSeconds(20), byNameTakes: TimeSpan.FromSeconds(0.4));

        var result = await RunAsync(route);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Equal(1, route.ByName);
        Assert.True(route.Confirms >= 3, $"{route.Confirms} confirming checks by address in a 0.5 s hold");
        TimeSpan afterRestore = result.StalwartStartedAt!.Value - route.RestoredAt;
        Assert.True(afterRestore <= TimeSpan.FromSeconds(1.0), $"Stalwart started {afterRestore} after the restore");
    }

    [Fact]
    public async Task A_slow_check_by_the_name_is_waited_for_and_not_read_as_a_flap()
    {
        // given: a loaded box: the check by the name takes 1.5 s, more than the 0.9 s slow-check rule
        var route = new AddressRoute(_time, restoreAfter: TimeSpan.FromSeconds(20), byNameTakes: TimeSpan.FromSeconds(1.5));

        var result = await RunAsync(route);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.DoesNotContain(_events, e => e.Evidence.Contains("route flapped", StringComparison.Ordinal));
        Assert.True(result.StalwartStartedAt!.Value - route.RestoredAt >= TimeSpan.FromSeconds(1.5), "the hold ends only when the check by the name has answered");
    }

    [Fact]
    public async Task A_name_that_fails_during_the_hold_is_a_flap_and_the_full_window_follows()
    {
        // given: the route by address is back, but the first check by the name fails
        var route = new AddressRoute(_time, restoreAfter: TimeSpan.FromSeconds(20), byNameTakes: TimeSpan.FromSeconds(0.4))
        {
            FirstByName = new RouteCheck(RouteLevel.None, RouteFailure.NameDoesNotResolve, "name does not resolve in the sidecar's netns: the-record-prod", TimeSpan.FromSeconds(0.4)),
        };

        var result = await RunAsync(route);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Contains(_events, e => e.Evidence.Contains("route flapped after a verified login: by the name: name does not resolve", StringComparison.Ordinal) && e.Evidence.Contains("hold for 3 s", StringComparison.Ordinal));
        Assert.True(result.StalwartStartedAt!.Value - route.RestoredAt >= TimeSpan.FromSeconds(3), "after the flap the full window held");
        Assert.Equal(2, route.ByName);
    }

    [Fact]
    public async Task A_check_by_the_name_begun_when_the_route_answered_is_awaited_instead_of_a_second_one()
    {
        // given: the verifier began the check by the name at the answer (1.2 s of exec under load)
        var route = new AddressRoute(_time, restoreAfter: TimeSpan.FromSeconds(20), byNameTakes: TimeSpan.FromSeconds(1.2)) { BeginsNameProof = true };

        var result = await RunAsync(route);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Equal(1, route.ByName);
        TimeSpan afterRestore = result.StalwartStartedAt!.Value - route.RestoredAt;
        Assert.True(afterRestore >= TimeSpan.FromSeconds(1.2) && afterRestore < TimeSpan.FromSeconds(1.2 + 0.5), $"released {afterRestore} after the restore: the hold overlapped the check begun at the answer");
    }

    [Fact]
    public async Task The_hold_counts_from_the_answer_so_the_login_is_not_added_to_it()
    {
        // given: the login after the watch's answer takes 0.3 s (a loaded box); the name is proven in 0.2 s
        var route = new AddressRoute(_time, restoreAfter: TimeSpan.FromSeconds(20), byNameTakes: TimeSpan.FromSeconds(0.2)) { LoginTakes = TimeSpan.FromSeconds(0.3) };

        var result = await RunAsync(route);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        TimeSpan afterAnswer = result.StalwartStartedAt!.Value - route.AnsweredAtUtc!.Value;
        // 0.5 s from the answer (plus the fake clock's 50 ms steps), not 0.3 s of login + 0.5 s
        Assert.True(afterAnswer >= TimeSpan.FromSeconds(0.5) && afterAnswer < TimeSpan.FromSeconds(0.7), $"released {afterAnswer} after the watch saw the route answer");
        Assert.True(route.Confirms >= 2, $"{route.Confirms} confirming checks after the login, within the hold");
        Assert.Contains(_events, e => e.Status == StepStatus.Succeeded && e.Evidence.Contains("kept verifying for 0.5 s since the watch saw it answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_login_slower_than_the_hold_is_still_followed_by_a_confirming_check()
    {
        // given: the login alone takes longer than the 0.5 s hold
        var route = new AddressRoute(_time, restoreAfter: TimeSpan.FromSeconds(20), byNameTakes: TimeSpan.FromSeconds(0.2)) { LoginTakes = TimeSpan.FromSeconds(0.8) };

        var result = await RunAsync(route);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.True(route.ConfirmsAfterLogin >= 1, "a confirming check after the login");
    }

    [Fact]
    public async Task A_confirming_check_that_fails_after_the_answer_is_a_flap_even_when_the_login_passed()
    {
        // given: the route answers and the login works, then the first confirming check after the
        // login finds it down, and it stays down for 1 s. The drop is tied to that check, not to a
        // clock time: the fake clock runs on while the machine waits for a thread, so a drop at a
        // fixed time could fall before the login or after the hold on a loaded box (CI saw that).
        var route = new AddressRoute(_time, restoreAfter: TimeSpan.FromSeconds(20), byNameTakes: TimeSpan.FromSeconds(0.2))
        {
            DropsAtFirstConfirmFor = TimeSpan.FromSeconds(1),
        };

        var result = await RunAsync(route);

        Assert.Equal(BringUpOutcome.Verified, result.Outcome);
        Assert.Contains(_events, e => e.Evidence.Contains("route flapped after a verified login", StringComparison.Ordinal));
        Assert.True(route.AnsweredAtUtc > route.DroppedAt, "the route was watched for and answered again after the drop");
        Assert.True(result.StalwartStartedAt!.Value - route.AnsweredAtUtc!.Value >= TimeSpan.FromSeconds(3), "after the flap the full 3 s window held from the second answer");
    }

    private async Task<BringUpResult> RunAsync(IRouteVerifier route)
    {
        var machine = new BringUpMachine(_stack, route, new FakeSessions(), Defaults, _time);
        var task = machine.RunAsync(new Progress(_events), CancellationToken.None);
        for (int i = 0; i < 20000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1, CancellationToken.None);
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    /// <summary>A route down until <c>restoreAfter</c> from the first check, reached by address after that; checks by the name take <c>byNameTakes</c> of (fake) time.</summary>
    private sealed class AddressRoute(FakeTimeProvider time, TimeSpan restoreAfter, TimeSpan byNameTakes) : IRouteVerifier
    {
        private DateTimeOffset? _first;

        public DateTimeOffset RestoredAt => _first!.Value + restoreAfter;

        public int ByName { get; private set; }

        public int Confirms { get; private set; }

        public RouteCheck? FirstByName { get; init; }

        public bool ConfirmsByAddress => true;

        public bool WatchesForReturn => true;

        /// <summary>The first confirming check after the login finds the route down, and it stays down this long.</summary>
        public TimeSpan? DropsAtFirstConfirmFor { get; init; }

        /// <summary>When that confirming check found the route down.</summary>
        public DateTimeOffset? DroppedAt { get; private set; }

        /// <summary>How long the watching check's login takes after the watch saw the answer.</summary>
        public TimeSpan LoginTakes { get; init; }

        public int ConfirmsAfterLogin { get; private set; }

        private DateTimeOffset? _loggedInAt;

        private bool Up
        {
            get
            {
                var now = time.GetUtcNow();
                var restored = (_first ??= now) + restoreAfter;
                if (now < restored)
                    return false;
                return DroppedAt is not { } dropped || now >= dropped + DropsAtFirstConfirmFor!.Value;
            }
        }

        public bool BeginsNameProof { get; init; }

        public Task<RouteCheck>? NameProof { get; private set; }

        public long? AnsweredAt { get; private set; }

        public DateTimeOffset? AnsweredAtUtc { get; private set; }

        public async Task<RouteCheck> VerifyWatchingAsync(CancellationToken ct = default)
        {
            AnsweredAt = null;
            bool up = Up;
            if (!up)
                return Blackholed;
            AnsweredAt = time.GetTimestamp();
            AnsweredAtUtc = time.GetUtcNow();
            if (BeginsNameProof)
                NameProof = VerifyAsync(CancellationToken.None);
            if (LoginTakes > TimeSpan.Zero)
                await Task.Delay(LoginTakes, time, ct);
            _loggedInAt = time.GetUtcNow();
            return Fast;
        }

        public Task<RouteCheck> ConfirmAsync(CancellationToken ct = default)
        {
            Confirms++;
            if (_loggedInAt is { } at && time.GetUtcNow() > at)
                ConfirmsAfterLogin++;
            if (DropsAtFirstConfirmFor is not null && _loggedInAt is not null && DroppedAt is null)
                DroppedAt = time.GetUtcNow();
            return Task.FromResult(Up ? Fast : Blackholed);
        }

        public async Task<RouteCheck> VerifyAsync(CancellationToken ct = default)
        {
            ByName++;
            await Task.Delay(byNameTakes, time, ct);
            return ByName == 1 && FirstByName is { } first ? first : FakeRoute.Verified with { Elapsed = byNameTakes };
        }
    }

    private sealed class Progress(List<BringUpEvent> events) : IProgress<BringUpEvent>
    {
        public void Report(BringUpEvent value)
        {
            lock (events)
                events.Add(value);
        }
    }
}
