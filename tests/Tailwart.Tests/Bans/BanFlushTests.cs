using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Bans;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Bans;

public sealed class BanFlushTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string AuditText => File.ReadAllText(Path.Combine(_dir.Path, AuditLog.FileName));

    private BanFlush Flush(StalwartClient client, IGatedRestart restart, Func<CancellationToken, Task<AdminPortDiagnosis?>>? diagnose = null) =>
        new(new BanService(client, BansTestKit.Box(), BansTestKit.Audit(_dir.Path)), restart, BansTestKit.Audit(_dir.Path), new FakeTimeProvider(), diagnose);

    [Fact]
    public async Task The_gate_refuses_the_restart_while_the_route_is_down()
    {
        // given
        await using var server = new FakeStalwartServer();
        server.Blocked.Add("198.51.100.20");
        using StalwartClient client = BansTestKit.Client(server);
        var restart = new FakeGatedRestart(released: false);

        // when
        FlushOutcome outcome = await Flush(client, restart).RunAsync();

        // then
        Assert.Equal(FlushStatus.GateRefused, outcome.Status);
        Assert.Equal(0, restart.Restarts);
        Assert.Contains("lesson-1 race", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains("refused by the route gate: TCP to the-record-prod:5432 refused", AuditText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bans_in_the_database_persist_across_the_restart_and_are_reported_as_persisted()
    {
        // given two bans; the "restart" loses one (its DB write had failed) and keeps the other
        await using var server = new FakeStalwartServer();
        server.Blocked.UnionWith(["198.51.100.20", "203.0.113.8"]);
        using StalwartClient client = BansTestKit.Client(server);
        var restart = new FakeGatedRestart(onRestart: () => { lock (server.Blocked) server.Blocked.Remove("203.0.113.8"); });

        // when
        FlushOutcome outcome = await Flush(client, restart).RunAsync();

        // then
        Assert.Equal(FlushStatus.Completed, outcome.Status);
        Assert.Equal(1, restart.GateChecks);
        Assert.Equal(["203.0.113.8"], outcome.Flushed);
        Assert.Equal(["198.51.100.20"], outcome.Persisted);
        Assert.Contains("came back at boot", outcome.Summary, StringComparison.Ordinal);
        string audit = AuditText;
        Assert.Contains("recorded 2 ban(s)", audit, StringComparison.Ordinal);
        Assert.Contains("restart verified", audit, StringComparison.Ordinal);
        Assert.Contains("flushed 203.0.113.8; persisted 198.51.100.20", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_memory_only_ban_on_the_box_shows_as_flushed_through_the_admin_port_check()
    {
        // given no listed bans (a memory-only ban is invisible to the API) but the admin port drops the box until the restart
        await using var server = new FakeStalwartServer();
        using StalwartClient client = BansTestKit.Client(server);
        var restart = new FakeGatedRestart();
        var verdicts = new Queue<AdminPortVerdict>([AdminPortVerdict.AcceptsThenCloses, AdminPortVerdict.Answers]);
        Task<AdminPortDiagnosis?> Diagnose(CancellationToken _) => Task.FromResult<AdminPortDiagnosis?>(new AdminPortDiagnosis(verdicts.Dequeue(), "box:8080", "edge", "", null));

        // when
        FlushOutcome outcome = await Flush(client, restart, Diagnose).RunAsync();

        // then
        Assert.True(outcome.FlushedMemoryOnlyBoxBan);
        Assert.Contains("admin port AcceptsThenCloses → Answers", outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_that_is_not_verified_is_reported_and_the_list_is_not_re_read()
    {
        // given
        await using var server = new FakeStalwartServer();
        using StalwartClient client = BansTestKit.Client(server);
        var restart = new FakeGatedRestart(verified: false);

        // when
        FlushOutcome outcome = await Flush(client, restart).RunAsync();

        // then
        Assert.Equal(FlushStatus.RestartNotVerified, outcome.Status);
        Assert.Single(server.Requests, r => r.StartsWith("GET /api/settings/list?prefix=server.blocked-ip", StringComparison.Ordinal));
        Assert.Contains("restart NOT verified: restart count 1 → 3 (looping)", AuditText, StringComparison.Ordinal);
    }
}
