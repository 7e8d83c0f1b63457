using System.Text;
using Tailwart.Core.Bans;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Bans;

public sealed class StalwartClientTests
{
    [Fact]
    public async Task An_unauthenticated_401_on_the_settings_list_means_the_rest_generation_and_oauth_gives_the_version()
    {
        // given
        await using var server = new FakeStalwartServer();
        using StalwartClient client = BansTestKit.Client(server);

        // when
        StalwartServerInfo info = await client.DetectAsync();

        // then
        Assert.Equal(ApiGeneration.Rest015, info.Generation);
        Assert.Equal("0.15.5", info.Version);
        Assert.Equal("admin-url", info.Path);
        Assert.Contains("401", info.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_generation_skips_the_era_probe_and_a_404_then_asks_about_the_wrong_generation()
    {
        // given a 0.15-style server but tailwart.json pinned to 0.16
        await using var server = new FakeStalwartServer();
        using StalwartClient client = BansTestKit.Client(server, generation: "0.16");

        // when
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.ListAsync(IpListKind.Blocked));

        // then
        Assert.Equal(StalwartFailure.NotFound, e.Failure);
        Assert.Contains("wrong generation?", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GET /api/settings/list", server.Requests);
    }

    [Fact]
    public async Task A_wrong_password_names_the_reference_and_never_the_value()
    {
        // given
        await using var server = new FakeStalwartServer();
        using StalwartClient client = BansTestKit.Client(server, password: "wrong-password-6f1e");

        // when
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.DetectAsync());

        // then
        Assert.Equal(StalwartFailure.Unauthorized, e.Failure);
        Assert.Contains("$.stalwart.adminPassword = env:STALWART_ADMIN_PASSWORD", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-6f1e", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_becomes_a_clear_message()
    {
        // given
        await using var server = new FakeStalwartServer();
        using StalwartClient client = BansTestKit.Client(server, generation: "0.15");
        server.Raw = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"data\":{\u0001,");

        // when
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.ListAsync(IpListKind.Blocked));

        // then
        Assert.Equal(StalwartFailure.Malformed, e.Failure);
        Assert.Contains("not JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_body_is_refused_at_the_cap_without_reading_it_all()
    {
        // given an answer of 8 MiB without a Content-Length, and a 64 KiB cap
        await using var server = new FakeStalwartServer();
        using StalwartClient client = BansTestKit.Client(server, generation: "0.15", options: new StalwartClientOptions { Timeout = TimeSpan.FromSeconds(5), MaxBodyBytes = 64 * 1024 });
        byte[] head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"data\":\"");
        server.Raw = [.. head, .. Enumerable.Repeat((byte)'a', 8 * 1024 * 1024)];

        // when
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.ListAsync(IpListKind.Blocked));

        // then
        Assert.Equal(StalwartFailure.Malformed, e.Failure);
        Assert.Contains("too large", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_times_out_cleanly()
    {
        // given
        await using var server = new FakeStalwartServer { Hang = true };
        using StalwartClient client = BansTestKit.Client(server, options: new StalwartClientOptions { Timeout = TimeSpan.FromMilliseconds(500) });

        // when
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.DetectAsync());

        // then
        Assert.Equal(StalwartFailure.Timeout, e.Failure);
        Assert.Contains("accepts and never answers", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task When_the_first_path_accepts_then_closes_the_second_path_answers_and_is_named()
    {
        // given the admin URL drops this box (a ban on its socket IP) and a second path reaches the same API
        await using var banned = new FakeStalwartServer { CloseAtAccept = true };
        await using var server = new FakeStalwartServer();
        server.Blocked.Add("198.51.100.20");
        using var client = new StalwartClient(
            [new StalwartAccessPath(StalwartAccessPath.AdminUrlName, banned.BaseUri, BansTestKit.Direct()),
             new StalwartAccessPath(StalwartAccessPath.NetnsLoopbackName, server.BaseUri, BansTestKit.Direct("netns"))],
            BansTestKit.Credential(), "auto", new StalwartClientOptions { Timeout = TimeSpan.FromSeconds(2) });

        // when
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(StalwartAccessPath.NetnsLoopbackName, bans.Path);
        Assert.Equal("198.51.100.20", Assert.Single(bans.Entries).Address);
    }

    [Fact]
    public async Task A_box_that_is_a_trusted_proxy_peer_is_dropped_until_it_reads_behind_a_proxy_v2_local_header_and_then_always_sends_it()
    {
        // given Stalwart's proxy trust covers the admin listener and this box (CONTRACT.md B3)
        await using var server = new FakeStalwartServer { RequireProxyHeader = true };
        server.Blocked.Add("198.51.100.20");
        using StalwartClient client = BansTestKit.Client(server);

        // when
        IpList first = await client.ListAsync(IpListKind.Blocked);
        int dropsWhileLearning = server.ProxyDrops;
        int headersBefore = server.ProxyHeaders;
        IpList second = await client.ListAsync(IpListKind.Blocked);

        // then the first plain connections (the client's first reads run in parallel) were dropped, and once it
        // learned the header every connection carried it: no drop on the second list
        Assert.Equal("198.51.100.20", Assert.Single(first.Entries).Address);
        Assert.Equal(first.Entries, second.Entries);
        Assert.Equal(StalwartAccessPath.AdminUrlName, second.Path);
        Assert.True(dropsWhileLearning >= 1, "the first plain connection is dropped");
        Assert.Equal(dropsWhileLearning, server.ProxyDrops);
        Assert.True(server.ProxyHeaders > headersBefore, "the second list went behind the header");
    }

    [Fact]
    public async Task A_ban_closes_behind_the_proxy_header_too_and_the_error_says_it_is_not_the_proxy_trust()
    {
        // given a ban: every connection closes at accept, header or not
        await using var banned = new FakeStalwartServer { CloseAtAccept = true };
        using StalwartClient client = BansTestKit.Client(banned);

        // when
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.ListAsync(IpListKind.Blocked));

        // then
        Assert.Equal(StalwartFailure.AcceptedThenClosed, e.Failure);
        Assert.Contains("lesson 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("closed the same way behind a PROXY v2 LOCAL header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thousands_of_bans_are_read_in_pages()
    {
        // given
        await using var server = new FakeStalwartServer();
        for (int i = 0; i < 2300; i++)
            server.Blocked.Add($"10.{i / 256}.{i % 256}.1");
        server.Blocked.Add("2001:db8::/32");
        using StalwartClient client = BansTestKit.Client(server);

        // when
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(2301, bans.Entries.Count);
        Assert.Equal(5, server.Requests.Count(r => r.StartsWith("GET /api/settings/list?prefix=server.blocked-ip", StringComparison.Ordinal)));
        Assert.True(bans.Find("2001:DB8::/32")!.IsRange);
    }

    [Fact]
    public void An_api_key_is_sent_as_bearer_and_a_password_as_basic()
    {
        // given / when / then
        Assert.Equal("Bearer", BansTestKit.Credential("api_dGFpbHdhcnQ6c2VjcmV0").Scheme);
        Assert.Equal("Bearer", BansTestKit.Credential("API_AAAAAQAAAAI").Scheme);
        Assert.Equal("Basic", BansTestKit.Credential("hunter2-password").Scheme);
        Assert.DoesNotContain("hunter2", BansTestKit.Credential("hunter2-password").Describe(), StringComparison.Ordinal);
    }
}
