using System.Net;
using Tailwart.Core.Bans;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Bans;

public sealed class BanServiceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string AuditText => File.ReadAllText(Path.Combine(_dir.Path, AuditLog.FileName));

    [Fact]
    public async Task Unban_deletes_reloads_and_verifies_by_re_reading_and_audits_without_secrets()
    {
        // given
        await using var server = new FakeStalwartServer();
        server.Blocked.UnionWith(["198.51.100.20", "203.0.113.0/24", "203.0.113.9"]);
        using StalwartClient client = BansTestKit.Client(server);
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path));

        // when
        UnbanOutcome outcome = await service.UnbanAsync(["198.51.100.20", "203.0.113.0/24", "192.0.2.1"]);

        // then
        Assert.True(outcome.Verified);
        Assert.Equal(["198.51.100.20", "203.0.113.0/24"], outcome.Removed);
        Assert.Equal(["192.0.2.1"], outcome.NotFound);
        Assert.Equal(["203.0.113.9"], server.Blocked);
        Assert.Contains("GET /api/reload", server.Requests); // a CIDR ban needs the full reload
        Assert.Contains("bans.unban over admin-url: removed 198.51.100.20, 203.0.113.0/24; still listed none", AuditText, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeStalwartServer.Password, AuditText, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir.Path, AuditLog.FileName)));
    }

    [Fact]
    public async Task An_unban_that_does_not_take_is_reported_as_still_listed()
    {
        // given a server that answers ok to the delete but keeps the ban
        await using var server = new FakeStalwartServer { IgnoreDeletes = true };
        server.Blocked.Add("198.51.100.20");
        using StalwartClient client = BansTestKit.Client(server);
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path));

        // when
        UnbanOutcome outcome = await service.UnbanAsync(["198.51.100.20"]);

        // then
        Assert.False(outcome.Verified);
        Assert.Equal(["198.51.100.20"], outcome.StillListed);
        Assert.Contains("still listed 198.51.100.20", AuditText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_allow_list_fix_adds_only_what_is_missing_and_verifies_it()
    {
        // given
        await using var server = new FakeStalwartServer();
        server.Allowed.Add("100.64.0.0/10");
        using StalwartClient client = BansTestKit.Client(server);
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path));

        // when
        AllowListFixOutcome outcome = await service.FixAllowListAsync();

        // then
        Assert.True(outcome.Verified);
        Assert.Equal(["198.51.100.20"], outcome.Added);
        Assert.Equal(["100.64.0.0/10", "198.51.100.20"], server.Allowed);
        Assert.Contains("verified over admin-url: Stalwart's reload applied 198.51.100.20 without errors; admin port from this box: not checked", AuditText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_highlights_the_box_and_names_the_path_and_generation()
    {
        // given
        await using var server = new FakeStalwartServer();
        server.Blocked.UnionWith(["198.51.100.20", "192.0.2.44"]);
        using StalwartClient client = BansTestKit.Client(server);
        var service = new BanService(client, BansTestKit.Box(IPAddress.Parse("192.0.2.44")), BansTestKit.Audit(_dir.Path));

        // when
        BanReport report = await service.ListAsync();

        // then
        Assert.Equal(ApiGeneration.Rest015, report.Server.Generation);
        Assert.Equal("admin-url", report.Path);
        Assert.All(report.Entries, e => Assert.True(e.IsBoxAddress));
        Assert.Equal(2, report.Findings.Count);
    }
}
