using System.Net;
using Tailwart.Core.Bans;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Bans;

/// <summary>An unban is judged by its effect (the box's own address connecting again), and what a request selects is read before anything changes.</summary>
public sealed class UnbanEffectTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Func<CancellationToken, Task<AdminPortDiagnosis?>> AdminPort(AdminPortVerdict verdict, List<int>? calls = null) => _ =>
    {
        calls?.Add(1);
        return Task.FromResult<AdminPortDiagnosis?>(new AdminPortDiagnosis(verdict, "127.0.0.1:8080", "edge", verdict.ToString(), null));
    };

    [Fact]
    public async Task The_box_s_own_address_gone_from_the_list_but_still_dropped_is_not_verified_and_needs_a_restart()
    {
        // given the WAN IP is banned, the delete takes, but Stalwart's memory still drops the box (#3190, #3208)
        await using var server = new FakeStalwartServer();
        server.Blocked.Add(BansTestKit.Wan.ToString());
        using StalwartClient client = BansTestKit.Client(server);
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path), AdminPort(AdminPortVerdict.AcceptsThenCloses));

        // when
        UnbanOutcome outcome = await service.UnbanAsync([BansTestKit.Wan.ToString()]);

        // then
        Assert.Equal([BansTestKit.Wan.ToString()], outcome.Removed);
        Assert.True(outcome.StillBlockedInMemory);
        Assert.False(outcome.Verified);
    }

    [Fact]
    public async Task The_box_s_own_address_unbanned_and_answering_again_is_verified()
    {
        // given
        await using var server = new FakeStalwartServer();
        server.Blocked.Add(BansTestKit.Wan.ToString());
        using StalwartClient client = BansTestKit.Client(server);
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path), AdminPort(AdminPortVerdict.Answers));

        // when
        UnbanOutcome outcome = await service.UnbanAsync([BansTestKit.Wan.ToString()]);

        // then
        Assert.True(outcome.Verified);
        Assert.Equal(AdminPortVerdict.Answers, outcome.Effect!.Verdict);
    }

    [Fact]
    public async Task Someone_else_s_address_is_not_tested_from_the_box_and_says_so()
    {
        // given
        await using var server = new FakeStalwartServer();
        server.Blocked.Add("192.0.2.50");
        using StalwartClient client = BansTestKit.Client(server);
        var calls = new List<int>();
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path), AdminPort(AdminPortVerdict.AcceptsThenCloses, calls));

        // when
        UnbanOutcome outcome = await service.UnbanAsync(["192.0.2.50"]);

        // then the admin port says nothing about 192.0.2.50, so it is not asked and not blamed
        Assert.Empty(calls);
        Assert.Null(outcome.Effect);
        Assert.True(outcome.Verified);
    }

    [Fact]
    public async Task A_network_that_is_not_an_entry_selects_the_bans_inside_it_and_all_selects_everything()
    {
        // given
        await using var server = new FakeStalwartServer();
        server.Blocked.UnionWith(["203.0.113.4", "203.0.113.200", "203.0.114.1", "2001:db8::7", "198.51.100.0/24"]);
        using StalwartClient client = BansTestKit.Client(server);
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path));

        // when
        UnbanPlan network = await service.PlanUnbanAsync(["203.0.113.0/24"]);
        UnbanPlan entry = await service.PlanUnbanAsync(["198.51.100.0/24"]);
        UnbanPlan six = await service.PlanUnbanAsync(["2001:db8::/32"]);
        UnbanPlan all = await service.PlanUnbanAsync([], all: true);

        // then
        Assert.Equal(["203.0.113.200", "203.0.113.4"], network.Entries.Select(e => e.Address).Order(StringComparer.Ordinal));
        Assert.Equal(["198.51.100.0/24"], entry.Entries.Select(e => e.Address));
        Assert.Equal(["2001:db8::7"], six.Entries.Select(e => e.Address));
        Assert.Equal(5, all.Entries.Count);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("POST /api/settings", StringComparison.Ordinal)); // planning changes nothing
    }
}
