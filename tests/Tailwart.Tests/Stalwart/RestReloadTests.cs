using Tailwart.Core.Bans;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.Bans;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Stalwart;

/// <summary>0.15's reload answers (corpus v015/reload-*): HTTP 200 whatever happened; data.errors decides.</summary>
public sealed class RestReloadTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AnswerReloadWith(FakeStalwartServer server, string corpus) =>
        server.Script = (method, path, _) => method == "GET" && path == "/api/reload" ? (200, StalwartCorpus.Text(corpus)) : null;

    [Fact]
    public async Task A_reload_with_configuration_errors_fails_with_stalwarts_own_words()
    {
        // given
        await using var server = new FakeStalwartServer();
        AnswerReloadWith(server, "v015/reload-config-error.json");
        using StalwartClient client = BansTestKit.Client(server, "0.15");

        // when
        var e = await Assert.ThrowsAsync<StalwartApiException>(() => client.AddAllowedAsync(["100.64.0.0/10"]));

        // then
        Assert.Equal(StalwartFailure.ConfigRejected, e.Failure);
        Assert.Contains("applied nothing", e.Message, StringComparison.Ordinal);
        Assert.Contains("server.allowed-ip: parse: Invalid IP address value \"999.1.1.1\".", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reload_with_warnings_only_is_not_a_failure()
    {
        // given
        await using var server = new FakeStalwartServer();
        AnswerReloadWith(server, "v015/reload-ok.json");
        using StalwartClient client = BansTestKit.Client(server, "0.15");

        // when
        ReloadApplied applied = await client.AddAllowedAsync(["100.64.0.0/10"]);

        // then the write is applied and Stalwart's warning comes back instead of being hidden
        Assert.Equal("admin-url", applied.Path);
        Assert.Contains("100.64.0.0/10", server.Allowed);
        Assert.Equal(["server.listener.smtp.bind: missing"], applied.Warnings);
    }

    [Fact]
    public async Task Allow_fix_on_a_rejected_reload_reports_the_error_and_is_not_verified_although_the_keys_were_written()
    {
        // given the settings write succeeds (the keys are in the store) but the reload applies nothing
        await using var server = new FakeStalwartServer();
        AnswerReloadWith(server, "v015/reload-config-error.json");
        using StalwartClient client = BansTestKit.Client(server, "0.15");
        int checks = 0;
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path), _ => { checks++; return Task.FromResult<AdminPortDiagnosis?>(null); });

        // when
        AllowListFixOutcome outcome = await service.FixAllowListAsync();

        // then re-reading would say "complete" — the outcome must not
        Assert.Contains("100.64.0.0/10", server.Allowed);
        Assert.False(outcome.Verified);
        Assert.Contains("Invalid IP address value", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(0, checks); // nothing was applied, so there is no effect to check
        Assert.Contains("NOT applied", File.ReadAllText(Path.Combine(_dir.Path, AuditLog.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cidr_unban_runs_the_full_reload_and_a_single_address_the_blocked_ip_reload()
    {
        // given
        await using var server = new FakeStalwartServer();
        server.Blocked.UnionWith(["203.0.113.0/24", "198.51.100.9"]);
        server.Script = (method, path, _) => method == "GET" && path == "/api/reload/server.blocked-ip" ? (200, StalwartCorpus.Text("v015/reload-blocked-ip.json")) : null;
        using StalwartClient client = BansTestKit.Client(server, "0.15");
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // when
        await client.RemoveBlockedAsync([bans.Find("198.51.100.9")!]);
        int single = server.Requests.Count;
        await client.RemoveBlockedAsync([bans.Find("203.0.113.0/24")!]);

        // then
        Assert.Contains("GET /api/reload/server.blocked-ip", server.Requests.Take(single));
        Assert.DoesNotContain("GET /api/reload", server.Requests.Take(single));
        Assert.Contains("GET /api/reload", server.Requests.Skip(single));
    }

    [Fact]
    public async Task The_settings_list_corpus_total_above_the_items_marks_the_list_truncated_with_the_count_left_out()
    {
        // given a server that answers the corpus page (total 3, two items) and then nothing more
        await using var server = new FakeStalwartServer();
        server.Script = (method, path, _) => method == "GET" && path.StartsWith("/api/settings/list", StringComparison.Ordinal)
            ? (200, path.Contains("page=1", StringComparison.Ordinal) ? StalwartCorpus.Text("v015/settings-list.json") : "{\"data\":{\"total\":3,\"items\":{}}}")
            : null;
        using StalwartClient client = BansTestKit.Client(server, "0.15");

        // when
        IpList bans = await client.ListAsync(IpListKind.Blocked);

        // then
        Assert.Equal(["203.0.113.7", "2001:db8::7"], bans.Entries.Select(e => e.Address));
        Assert.True(bans.Truncated);
        Assert.Equal(1, bans.Omitted);
    }

    [Fact]
    public async Task Allow_fix_with_reload_warnings_is_verified_and_carries_the_warnings_without_an_unread_value()
    {
        // given a reload that applies with warnings (v0.15.5 ConfigWarning: appliedDefault{default}, unread{value})
        await using var server = new FakeStalwartServer();
        server.Script = (method, path, _) => method == "GET" && path == "/api/reload"
            ? (200, """{"data":{"warnings":{"server.listener.smtp.bind":{"type":"appliedDefault","default":"[::]:25"},"store.s3.secret-key":{"type":"unread","value":"S3-SECRET-NEVER-SHOWN"}},"errors":{}}}""")
            : null;
        using StalwartClient client = BansTestKit.Client(server, "0.15");
        var service = new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path), _ => Task.FromResult<AdminPortDiagnosis?>(null));

        // when
        AllowListFixOutcome outcome = await service.FixAllowListAsync();

        // then
        Assert.True(outcome.Verified);
        Assert.Equal(["server.listener.smtp.bind: appliedDefault: default [::]:25", "store.s3.secret-key: unread"], outcome.Warnings);
        Assert.DoesNotContain("S3-SECRET-NEVER-SHOWN", string.Join(" ", outcome.Warnings), StringComparison.Ordinal);
        Assert.DoesNotContain("S3-SECRET-NEVER-SHOWN", File.ReadAllText(Path.Combine(_dir.Path, AuditLog.FileName)), StringComparison.Ordinal);
        Assert.Contains("2 reload warning(s)", File.ReadAllText(Path.Combine(_dir.Path, AuditLog.FileName)), StringComparison.Ordinal);
    }
}
