using Tailwart.Core.Bans;
using Tailwart.Core.Docker;

namespace Tailwart.Core.BringUp;

/// <summary>
/// The restart step of restart-to-flush-bans, built from the bring-up's own parts: the route gate
/// (a real PostgreSQL login from the sidecar's netns) and the Stalwart verification (not looping,
/// no DB failure line since this start, its sessions in pg_stat_activity). It checks the gate
/// itself, right before the restart, and restarts nothing unless the gate released (lesson 1).
/// </summary>
internal sealed class GatedStalwartRestart(IStackControl stack, IRouteVerifier route, IStalwartSessionProbe sessions, string stalwartService, BringUpOptions options, TimeProvider time) : IGatedRestart
{
    internal GatedStalwartRestart(StackServices services, BringUpOptions options)
        : this(services.Stack, services.Route, services.Sessions, services.Config.Services.Stalwart, options, services.Time)
    {
    }

    public async Task<GatedRestartOutcome> RestartThroughGateAsync(Action<GateVerdict>? onReleased = null, CancellationToken ct = default)
    {
        RouteCheck check = await route.VerifyAsync(ct).ConfigureAwait(false);
        var gate = new GateVerdict(check.IsVerified, check.IsVerified ? check.Evidence : $"{check.Level} reached; {check.Failure}: {check.Evidence}");
        if (!gate.Released)
            return new GatedRestartOutcome(gate, null);
        onReleased?.Invoke(gate);
        return new GatedRestartOutcome(gate, await RestartStalwartAndVerifyAsync(ct).ConfigureAwait(false));
    }

    private async Task<RestartVerdict> RestartStalwartAndVerifyAsync(CancellationToken ct)
    {
        ContainerSnapshot stalwart = (await stack.DiscoverAsync(ct).ConfigureAwait(false)).Find(stalwartService)
            ?? throw new UserFacingException($"there is no {stalwartService} container to restart; bring the stack up with tailwart up.");
        await stack.RestartAsync(stalwart.Id, ct).ConfigureAwait(false);
        ContainerSnapshot started = (await stack.DiscoverAsync(ct).ConfigureAwait(false)).Find(stalwartService) ?? stalwart;
        var journal = new BringUpJournal(null, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.StalwartVerifyDeadline);
        try
        {
            await new StalwartVerification(stack, sessions, options with { StalwartService = stalwartService }, time, journal)
                .RunAsync(started, deadline.Token, ct).ConfigureAwait(false);
            return new RestartVerdict(true, journal.Events[^1].Evidence);
        }
        catch (StepFailedException e)
        {
            return new RestartVerdict(false, e.Message);
        }
    }
}
