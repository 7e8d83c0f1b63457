using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Guards;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Guards;

public sealed class ActionLedgerTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private ActionLedger Ledger() => new(Path.Combine(_dir.Path, "ledger.json"), _time);

    [Fact]
    public void Grants_once_then_refuses_until_the_interval_has_passed()
    {
        var ledger = Ledger();

        Assert.True(ledger.TryTake("edge:mail:25", Minute).Granted);
        var refused = ledger.TryTake("edge:mail:25", Minute);
        _time.Advance(TimeSpan.FromSeconds(59));
        bool stillRefused = !ledger.TryTake("edge:mail:25", Minute).Granted;
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(refused.Granted);
        Assert.Equal(_time.GetUtcNow(), refused.NextAllowedAt);
        Assert.True(stillRefused);
        Assert.True(ledger.TryTake("edge:mail:25", Minute).Granted);
    }

    [Fact]
    public void Each_target_and_port_has_its_own_budget()
    {
        var ledger = Ledger();

        Assert.True(ledger.TryTake("edge:mail:25", Minute).Granted);
        Assert.True(ledger.TryTake("edge:mail:465", Minute).Granted);
        Assert.True(ledger.TryTake("netns:127.0.0.1:25", Minute).Granted);
    }

    [Fact]
    public void A_new_instance_on_the_same_file_sees_earlier_grants_as_a_restarted_tailwart_would()
    {
        Assert.True(Ledger().TryTake("edge:mail:25", Minute).Granted);

        Assert.False(Ledger().TryTake("edge:mail:25", Minute).Granted);
    }

    [Fact]
    public void Concurrent_takers_on_one_file_get_exactly_one_grant()
    {
        // given: many "processes" (separate instances and threads) racing for the same slot
        var ledgers = Enumerable.Range(0, 8).Select(_ => Ledger()).ToList();

        // when
        int granted = 0;
        Parallel.ForEach(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (ledgers[i % ledgers.Count].TryTake("edge:mail:25", Minute).Granted)
                Interlocked.Increment(ref granted);
        });

        // then
        Assert.Equal(1, granted);
    }

    [Fact]
    public void A_damaged_ledger_fails_closed_for_one_interval()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "ledger.json"), "{ not json");

        var first = Ledger().TryTake("edge:mail:25", Minute);
        _time.Advance(Minute);
        var later = Ledger().TryTake("edge:mail:25", Minute);

        Assert.False(first.Granted);
        Assert.True(later.Granted);
    }

    [Fact]
    public void A_clock_that_went_backwards_does_not_open_the_gate()
    {
        var ledger = Ledger();
        Assert.True(ledger.TryTake("k", Minute).Granted);

        _time.AdjustTime(_time.GetUtcNow().AddHours(-1));

        Assert.False(ledger.TryTake("k", Minute).Granted);
    }

    [Fact]
    public void Ledger_files_are_private()
    {
        var ledger = Ledger();
        ledger.TryTake("k", Minute);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ledger.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ledger.Path + ".lock"));
    }
}
