using System.Text.Json.Nodes;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.Bans;

namespace Tailwart.Tests.Stalwart;

/// <summary>The 0.16 client against the answer shapes of v0.16.18's registry query (corpus v016/*).</summary>
public sealed class JmapListTests
{
    private static StalwartClient Client(FakeStalwartServer server, int pageSize = 500, int maxEntries = 100_000) =>
        BansTestKit.Client(server, "0.16", new StalwartClientOptions { Timeout = TimeSpan.FromSeconds(5), PageSize = pageSize, MaxEntries = maxEntries });

    private static List<JsonObject> QueryArgs(FakeStalwartServer server) =>
        server.Bodies.Where(b => b.Contains("x:BlockedIp/query", StringComparison.Ordinal))
            .Select(b => JsonNode.Parse(b)!["methodCalls"]![0]![1]!.AsObject()).ToList();

    [Fact]
    public async Task Six_hundred_bans_are_listed_completely_over_two_pages_asking_for_the_total()
    {
        // given
        await using var server = new FakeStalwartServer();
        var registry = Jmap016Script.WithBans(600);
        registry.Attach(server);
        using StalwartClient client = Client(server);

        // when
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(600, bans.Entries.Count);
        Assert.Equal(600, bans.Entries.Select(e => e.Address).Distinct().Count());
        Assert.False(bans.Truncated);
        Assert.Equal(600, bans.Total);
        Assert.Null(bans.Omitted);
        var queries = QueryArgs(server);
        Assert.Equal(2, queries.Count);
        Assert.All(queries, q => Assert.True(q["calculateTotal"]!.GetValue<bool>()));
        Assert.Equal([0, 500], queries.Select(q => q["position"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Without_a_total_in_the_answer_paging_goes_on_until_an_empty_page()
    {
        // given a server that leaves total out (the store-paginated shape), 600 bans, pages of 250
        await using var server = new FakeStalwartServer();
        var registry = new Jmap016Script { NeverTotal = true };
        registry.Ids.AddRange(Jmap016Script.WithBans(600).Ids);
        registry.Attach(server);
        using StalwartClient client = Client(server, pageSize: 250);

        // when
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(600, bans.Entries.Count);
        Assert.False(bans.Truncated);
        Assert.Null(bans.Total);
        Assert.Equal(4, QueryArgs(server).Count);
    }

    [Theory]
    [InlineData(true, 5)] // no total: a short page is not the end, only an empty one is (one query more)
    [InlineData(false, 4)] // with a total: it goes on to the end and stops there
    public async Task A_page_cut_by_query_max_results_is_not_taken_for_the_end(bool neverTotal, int queries)
    {
        // given queryMaxResults 100 below the client's page size: every answer says limit 100
        await using var server = new FakeStalwartServer();
        var registry = new Jmap016Script { QueryMaxResults = 100, NeverTotal = neverTotal };
        registry.Ids.AddRange(Jmap016Script.WithBans(350).Ids);
        registry.Attach(server);
        using StalwartClient client = Client(server, pageSize: 500);

        // when
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(350, bans.Entries.Count);
        Assert.False(bans.Truncated);
        Assert.Equal(queries, QueryArgs(server).Count);
    }

    [Fact]
    public async Task A_cap_below_the_list_marks_it_truncated_and_says_how_many_were_left_out()
    {
        // given
        await using var server = new FakeStalwartServer();
        Jmap016Script.WithBans(600).Attach(server);
        using StalwartClient client = Client(server, pageSize: 200, maxEntries: 450);

        // when
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(450, bans.Entries.Count);
        Assert.True(bans.Truncated);
        Assert.Equal(150, bans.Omitted);
    }

    [Fact]
    public async Task Entries_without_the_optional_members_are_read_and_missing_dates_stay_null()
    {
        // given the /get answer verbatim from the corpus (one entry without createdAt and expiresAt)
        await using var server = new FakeStalwartServer();
        var registry = new Jmap016Script { CorpusGet = true };
        registry.Ids.AddRange(["k1", "k2"]);
        registry.Attach(server);
        using StalwartClient client = Client(server);

        // when
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(["203.0.113.7", "198.51.100.0/24"], bans.Entries.Select(e => e.Address));
        Assert.Equal("portScanning", bans.Entries[0].Reason);
        Assert.NotNull(bans.Entries[0].CreatedAt);
        Assert.Null(bans.Entries[0].ExpiresAt);
        Assert.Null(bans.Entries[1].CreatedAt);
        Assert.True(bans.Entries[1].IsRange);
    }

    [Fact]
    public async Task Unbanning_more_than_max_objects_in_set_destroys_in_chunks_without_request_too_large()
    {
        // given
        await using var server = new FakeStalwartServer();
        var registry = Jmap016Script.WithBans(600);
        registry.Attach(server);
        using StalwartClient client = Client(server);
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // when
        await client.RemoveBlockedAsync(bans.Entries);

        // then
        Assert.Equal(600, registry.Destroyed.Distinct().Count());
        Assert.Empty(registry.Ids);
        var sets = server.Bodies.Where(b => b.Contains("x:BlockedIp/set", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sets.Count);
        Assert.Single(sets, b => b.Contains("ReloadBlockedIps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_too_large_method_error_is_reported_with_stalwarts_words()
    {
        // given a server whose maxObjectsInSet is lower than its session says (500 advertised, 10 enforced)
        await using var server = new FakeStalwartServer();
        var registry = new Jmap016Script { MaxObjects = 10 };
        registry.Ids.AddRange(Jmap016Script.WithBans(20).Ids);
        registry.Attach(server);
        using StalwartClient client = Client(server, pageSize: 5);
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // when
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.RemoveBlockedAsync(bans.Entries));

        // then
        Assert.Equal(StalwartFailure.ApiError, e.Failure);
        Assert.Contains("requestTooLarge", e.Message, StringComparison.Ordinal);
    }
}
