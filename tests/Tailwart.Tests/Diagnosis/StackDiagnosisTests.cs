using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.BringUp;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;
using Tailwart.Tests.BringUp;

namespace Tailwart.Tests.Diagnosis;

/// <summary>The diagnosis' gathering: probes at once, each bounded, a hung one costs its bound and is named.</summary>
public sealed class StackDiagnosisTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private sealed class HangingStore : IStoreReadProbe
    {
        public async Task<StoreRead> ReadAsync(CancellationToken ct = default)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return new StoreRead(true, "never");
        }
    }

    [Fact]
    public async Task A_hung_store_read_costs_its_bound_and_the_rest_is_still_reported()
    {
        // given: a running stack whose management API accepts and never answers, and an idle pool
        var stack = new FakeStack(_time);
        stack.Put(FakeStack.Snap("ts-stalwart", "running", "healthy", startedAt: _time.GetUtcNow().AddHours(-2)));
        stack.Put(FakeStack.Snap("stalwart", "running", startedAt: _time.GetUtcNow().AddHours(-1)));
        var diagnosis = new StackDiagnosis(stack, new FakeRoute(FakeRoute.Verified), new FakeSessions { Count = 0 }, new DiagnosisOptions { ProbeTimeout = TimeSpan.FromSeconds(8) }, _time)
        {
            Store = new HangingStore(),
        };

        // when
        var task = diagnosis.RunAsync();
        DateTimeOffset start = _time.GetUtcNow();
        for (int i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        var result = await task.WaitAsync(TimeSpan.FromSeconds(10));

        // then: done within the bound (fake time), route seen, the store named as not confirmed
        Assert.True(_time.GetUtcNow() - start <= TimeSpan.FromSeconds(8.5), $"{_time.GetUtcNow() - start}");
        Assert.True(result.Evidence.Route!.IsVerified);
        var f = Assert.Single(result.Findings, f => f.Id == FindingIds.StoreUnknown);
        Assert.Contains("no answer within 8 s", f.Evidence, StringComparison.Ordinal);
        Assert.False(result.Healthy);
    }

    [Fact]
    public async Task The_services_pane_gets_each_finding_on_its_service()
    {
        var stack = new FakeStack(_time);
        stack.Put(FakeStack.Snap("ts-stalwart", "running", "healthy", startedAt: _time.GetUtcNow().AddMinutes(-1)));
        stack.Put(FakeStack.Snap("stalwart", "running", startedAt: _time.GetUtcNow().AddHours(-1)) with { NetworkMode = "container:ts-stalwart-id-0123456789abcdef" });
        var options = new DiagnosisOptions();
        var result = await new StackDiagnosis(stack, new FakeRoute(FakeRoute.Verified), new FakeSessions(), options, _time).RunAsync();

        Assert.Contains(result.For("stalwart", options), f => f.Id == FindingIds.NetnsStale);
        Assert.DoesNotContain(result.For("ts-stalwart", options), f => f.Id == FindingIds.NetnsStale);
    }
}
