using Tailwart.Core.Stalwart;
using Tailwart.Core.Waiting;

namespace Tailwart.Core.Bans;

/// <summary>
/// Restart-to-flush-bans, honestly: (a) record the ban list (and the admin port's behaviour);
/// (b) re-verify the Postgres route and refuse to restart into the lesson-1 race; (c) restart
/// Stalwart and wait until verified; (d) re-read and report flushed vs persisted; (e) the caller
/// offers an API unban for the persisted ones (<see cref="BanService.UnbanAsync"/>). The lesson-3
/// note "a restart flushes bans" holds only for bans whose database write failed; bans in the
/// database come back at boot, so this never claims a flush it did not see. Every step is audited.
/// </summary>
internal sealed class BanFlush(BanService bans, IGatedRestart restart, AuditLog audit, TimeProvider time, Func<CancellationToken, Task<AdminPortDiagnosis?>>? diagnose = null)
{
    /// <summary>The re-read after the restart waits this long for the admin listener, which may come up a moment after Stalwart is verified.</summary>
    private static readonly TimeSpan ReReadDeadline = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan ReReadPause = TimeSpan.FromSeconds(2);

    public async Task<FlushOutcome> RunAsync(CancellationToken ct = default)
    {
        var evidence = new List<string>();

        // (a) record
        IpList before = await bans.Client.ListAsync(IpListKind.Blocked, ct).ConfigureAwait(false);
        var beforeAddresses = before.Entries.Select(e => IpList.Normalise(e.Address)).ToList();
        AdminPortDiagnosis? portBefore = diagnose is null ? null : await diagnose(ct).ConfigureAwait(false);
        string recorded = $"{beforeAddresses.Count} ban(s) on the list over {before.Path}: {List(beforeAddresses)}" +
            (portBefore is null ? "" : $"; admin port {portBefore.Verdict}");
        evidence.Add("recorded " + recorded);
        audit.Write("bans.flush", "recorded " + recorded);

        // (b) gate and (c) restart and verify: one operation, so the restart cannot happen without the gate
        GatedRestartOutcome gated = await restart.RestartThroughGateAsync(
            released => audit.Write("bans.flush", $"restarting Stalwart (route gate released: {released.Evidence})"), ct).ConfigureAwait(false);
        GateVerdict gate = gated.Gate;
        evidence.Add("route gate: " + gate.Evidence);
        if (!gate.Released || gated.Restart is not RestartVerdict restarted)
        {
            audit.Write("bans.flush", $"refused by the route gate: {gate.Evidence}");
            return new FlushOutcome(FlushStatus.GateRefused,
                $"refused: the Postgres route from the sidecar is not verified ({gate.Evidence}); restarting Stalwart now would start it into the lesson-1 race and lose writes. Nothing was restarted.",
                beforeAddresses, [], [], [], portBefore, null, evidence);
        }
        evidence.Add("restart: " + restarted.Evidence);
        if (!restarted.Verified)
        {
            audit.Write("bans.flush", $"restart NOT verified: {restarted.Evidence}");
            return new FlushOutcome(FlushStatus.RestartNotVerified,
                $"Stalwart was restarted but not verified ({restarted.Evidence}); the ban list was not re-read.",
                beforeAddresses, [], [], [], portBefore, null, evidence);
        }
        audit.Write("bans.flush", $"restart verified: {restarted.Evidence}");

        // (d) re-read
        IpList after = await ReReadAsync(ct).ConfigureAwait(false);
        var afterAddresses = after.Entries.Select(e => IpList.Normalise(e.Address)).ToList();
        var flushed = beforeAddresses.Except(afterAddresses, StringComparer.OrdinalIgnoreCase).ToList();
        var persisted = beforeAddresses.Intersect(afterAddresses, StringComparer.OrdinalIgnoreCase).ToList();
        var appeared = afterAddresses.Except(beforeAddresses, StringComparer.OrdinalIgnoreCase).ToList();
        AdminPortDiagnosis? portAfter = diagnose is null ? null : await diagnose(ct).ConfigureAwait(false);
        string summary = $"flushed {List(flushed)}; persisted {List(persisted)}" + (appeared.Count > 0 ? $"; new since {List(appeared)}" : "") +
            (portBefore is not null && portAfter is not null ? $"; admin port {portBefore.Verdict} → {portAfter.Verdict}" : "");
        audit.Write("bans.flush", $"re-read over {after.Path}: {summary}");
        if (persisted.Count > 0)
            summary += ". The persisted bans are in Stalwart's database and came back at boot (a restart only flushes bans whose database write failed); unban them through the API.";
        return new FlushOutcome(FlushStatus.Completed, summary, beforeAddresses, flushed, persisted, appeared, portBefore, portAfter, evidence);
    }

    private async Task<IpList> ReReadAsync(CancellationToken ct)
    {
        try
        {
            return await Wait.UntilAsync("Stalwart's management API to answer after the restart", async token => (IpList?)await bans.Client.ListAsync(IpListKind.Blocked, token).ConfigureAwait(false),
                ReReadPause, ReReadDeadline, time, e => e is StalwartApiException { IsTransport: true }, ct).ConfigureAwait(false);
        }
        catch (WaitTimedOutException e) when (e.InnerException is StalwartApiException last)
        {
            // the API's own error says which path failed and how; keep it rather than the wait's
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(last);
            throw;
        }
    }

    // Summarised: the full lists are in the outcome (and --json); 601 addresses inline, twice, read as noise.
    private static string List(List<string> items) => items.Count == 0 ? "none" : BanListSummary.Inline(items);
}
