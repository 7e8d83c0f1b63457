using System.Diagnostics;
using System.Net;
using Tailwart.Core.Bans;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.Standins;

namespace Tailwart.IntegrationTests.Bans;

/// <summary>The bans core against the Stalwart stand-in as a real process on a real PostgreSQL, in both API generations.</summary>
public sealed class StalwartBansTests(PostgresCluster pg) : IClassFixture<PostgresCluster>, IDisposable
{
    private static readonly IPAddress ClientX = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress ClientY = IPAddress.Parse("198.51.100.9");
    private readonly string _auditDir = Directory.CreateTempSubdirectory("tailwart-bans-audit-").FullName;

    public void Dispose() => Directory.Delete(_auditDir, recursive: true);

    private async Task<StandinProcess> StartAsync(string generation)
    {
        var db = await pg.CreateDatabaseAsync();
        return await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = generation });
    }

    [Theory]
    [InlineData("0.15", ApiGeneration.Rest015, "0.15.5")]
    [InlineData("0.16", ApiGeneration.Jmap016, null)]
    public async Task The_generation_is_detected_by_the_era_probe_and_the_version_where_the_api_gives_it(string generation, ApiGeneration expected, string? version)
    {
        // given
        await using var standin = await StartAsync(generation);
        using StalwartClient client = StandinBans.Client(standin.Ports);

        // when
        StalwartServerInfo info = await client.DetectAsync();

        // then
        Assert.Equal(expected, info.Generation);
        Assert.Equal(version, info.Version);
        Assert.Equal(StalwartAccessPath.AdminUrlName, info.Path);
        Assert.Contains(generation == "0.15" ? "→ 401" : "→ 404", info.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task A_ban_from_a_malformed_smtp_line_through_proxy_is_listed_explained_and_removed_by_unban(string generation)
    {
        // given the box's WAN IP is the proxied client (lesson 3: the box reaching its own public hostname) and it sends garbage
        await using var standin = await StartAsync(generation);
        var garbage = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "HELLO?? \u0001\u0002");
        Assert.StartsWith("500", garbage[^1], StringComparison.Ordinal);
        await standin.WaitForAsync(l => l.Contains("(security.scan-ban) remoteIp = 203.0.113.7", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Equal(["(closed)"], await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "QUIT"));
        using StalwartClient client = StandinBans.Client(standin.Ports);
        BanService service = StandinBans.Service(client, ClientX, _auditDir);

        // when
        BanReport report = await service.ListAsync();
        UnbanOutcome unban = await service.UnbanAsync(["203.0.113.7"]);

        // then it was listed as the box's WAN IP, with lesson 3's explanation ...
        BanEntry entry = Assert.Single(report.Entries);
        Assert.Equal("203.0.113.7", entry.Address);
        Assert.Equal([BoxAddressKind.WanIp], entry.Matches);
        if (generation == "0.16")
        {
            Assert.Equal("portScanning", entry.Entry.Reason);
            Assert.NotNull(entry.Entry.CreatedAt);
        }
        var finding = Assert.Single(report.Findings);
        Assert.Contains("PROXY header's client IP", finding.Evidence, StringComparison.Ordinal);
        // ... the unban is verified by re-reading ...
        Assert.True(unban.Verified);
        Assert.Equal(["203.0.113.7"], unban.Removed);
        Assert.Empty((await client.ListAsync(IpListKind.Blocked)).Entries);
        // ... and by a connection that is served again
        var again = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "EHLO edge", "QUIT");
        Assert.StartsWith("220 mail.lab.example", again[0], StringComparison.Ordinal);
        Assert.Equal("221 2.0.0 Bye.", again[^1]);
    }

    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task The_allow_list_fix_is_applied_verified_by_the_reload_answer_and_keeps_the_box_from_being_banned(string generation)
    {
        // given
        await using var standin = await StartAsync(generation);
        using StalwartClient client = StandinBans.Client(standin.Ports);
        BanService service = StandinBans.Service(client, ClientX, _auditDir);
        AllowListAuditResult before = await service.AuditAllowListAsync();

        // when
        AllowListFixOutcome fix = await service.FixAllowListAsync();
        AllowListAuditResult after = await service.AuditAllowListAsync();
        await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "GARBAGE");
        var served = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "GARBAGE", "QUIT");

        // then
        Assert.Equal(["100.64.0.0/10", "203.0.113.7"], before.Missing);
        Assert.True(fix.Verified);
        Assert.Equal(["100.64.0.0/10", "203.0.113.7"], fix.Added);
        Assert.True(after.IsComplete);
        Assert.Equal("221 2.0.0 Bye.", served[^1]);
        Assert.DoesNotContain(standin.Lines, l => l.Contains("(security.scan-ban)", StringComparison.Ordinal));
        Assert.Contains("verified over admin-url: Stalwart's reload applied 100.64.0.0/10, 203.0.113.7 without errors", File.ReadAllText(Path.Combine(_auditDir, AuditLog.FileName)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task Wrong_credentials_give_a_401_that_names_the_reference_and_not_the_value(string generation)
    {
        // given
        await using var standin = await StartAsync(generation);
        using StalwartClient client = StandinBans.Client(standin.Ports, password: "not-the-password-9a7c");

        // when
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.ListAsync(IpListKind.Blocked));

        // then
        Assert.Equal(StalwartFailure.Unauthorized, e.Failure);
        Assert.Contains("$.stalwart.adminPassword = file:.state/secrets/admin-password", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-9a7c", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task A_hung_admin_api_times_out_cleanly(string generation)
    {
        // given
        await using var standin = await StartAsync(generation);
        standin.ControlFile("api-hang", present: true);
        using StalwartClient client = StandinBans.Client(standin.Ports, timeout: TimeSpan.FromSeconds(1));

        // when
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.ListAsync(IpListKind.Blocked));

        // then
        Assert.Equal(StalwartFailure.Timeout, e.Failure);
        Assert.Contains("accepts and never answers", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
    }

    [Theory]
    [InlineData("0.15")]
    [InlineData("0.16")]
    public async Task While_the_box_ip_is_banned_the_loopback_path_reads_and_unbans_and_the_admin_port_answers_again(string generation)
    {
        // given the box (a non-loopback address of this machine) banned on the admin listener by a scan-path request
        var box = WireClient.LocalNonLoopbackIPv4();
        await using var standin = await StartAsync(generation);
        Assert.Equal(404, (await WireClient.HttpAsync(box, standin.Ports.Http, "GET", "/wp-login.php"))!.Status);
        var adminUrl = new Uri($"http://{box}:{standin.Ports.Http}/");
        using StalwartClient client = StandinBans.Client(standin.Ports, host: box, withLoopback: true);
        BanService service = StandinBans.Service(client, ClientY, _auditDir, box);

        // when
        AdminPortDiagnosis before = await AdminPortDiagnoser.DiagnoseAsync(StandinBans.Direct(), adminUrl, TimeSpan.FromSeconds(3));
        BanReport report = await service.ListAsync();
        UnbanOutcome unban = await service.UnbanAsync([box.ToString()]);
        AdminPortDiagnosis after = await AdminPortDiagnoser.DiagnoseAsync(StandinBans.Direct(), adminUrl, TimeSpan.FromSeconds(3));

        // then the box saw "accepts, then closes", the list came over the loopback path with the box highlighted ...
        Assert.Equal(AdminPortVerdict.AcceptsThenCloses, before.Verdict);
        Assert.Equal("bans.admin-port-drops-box", before.Finding!.Id);
        Assert.Equal(StalwartAccessPath.NetnsLoopbackName, report.Path);
        Assert.Equal([BoxAddressKind.EdgeBox], Assert.Single(report.Entries, e => e.Address == box.ToString()).Matches);
        // ... and after the unban over loopback the admin port answers the box again
        Assert.True(unban.Verified);
        Assert.Equal(StalwartAccessPath.NetnsLoopbackName, unban.Path);
        Assert.Equal(AdminPortVerdict.Answers, after.Verdict);
    }
}
