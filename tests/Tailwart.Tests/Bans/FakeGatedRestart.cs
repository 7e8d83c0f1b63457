using Tailwart.Core.Bans;

namespace Tailwart.Tests.Bans;

/// <summary>The bring-up's restart step, faked: a scripted gate and a restart that runs an action (e.g. "the DB kept these bans").</summary>
internal sealed class FakeGatedRestart(bool released = true, bool verified = true, Action? onRestart = null) : IGatedRestart
{
    public int Restarts { get; private set; }

    public int GateChecks { get; private set; }

    public Task<GatedRestartOutcome> RestartThroughGateAsync(Action<GateVerdict>? onReleased = null, CancellationToken ct = default)
    {
        GateChecks++;
        var gate = new GateVerdict(released, released ? "login to the-record-prod:5432 as stalwart, SELECT 1" : "TCP to the-record-prod:5432 refused");
        if (!released)
            return Task.FromResult(new GatedRestartOutcome(gate, null));
        onReleased?.Invoke(gate);
        Restarts++;
        onRestart?.Invoke();
        return Task.FromResult(new GatedRestartOutcome(gate, new RestartVerdict(verified, verified ? "running, no restarts in 10 s, 4 sessions in pg_stat_activity" : "restart count 1 → 3 (looping)")));
    }
}
