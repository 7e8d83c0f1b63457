using Tailwart.Core.Bans;
using Tailwart.Core.Docker;

namespace Tailwart.Core.BringUp;

/// <summary>
/// The restart step of restart-to-flush-bans, built from the bring-up's own parts: the route gate
/// (a real PostgreSQL login from the sidecar's netns) and the Stalwart verification (not looping,
/// no DB failure line since this start, its sessions in pg_stat_activity). The flush refuses to
/// restart unless <see cref="VerifyRouteAsync"/> released (lesson 1).
/// </summary>
public sealed class GatedStalwartRestart(StackServices services, BringUpOptions options) : IGatedRestart
{
    public async Task<GateVerdict> VerifyRouteAsync(CancellationToken ct = default)
    {
        RouteCheck route = await services.Route.VerifyAsync(ct).ConfigureAwait(false);
        return new GateVerdict(route.IsVerified, route.IsVerified ? route.Evidence : $"{route.Level} reached; {route.Failure}: {route.Evidence}");
    }

    public async Task<RestartVerdict> RestartStalwartAndVerifyAsync(CancellationToken ct = default)
    {
        string service = services.Config.Services.Stalwart;
        ContainerSnapshot stalwart = (await services.Stack.DiscoverAsync(ct).ConfigureAwait(false)).Find(service)
            ?? throw new UserFacingException($"there is no {service} container to restart; bring the stack up with tailwart up.");
        await services.Stack.RestartAsync(stalwart.Id, ct).ConfigureAwait(false);
        ContainerSnapshot started = (await services.Stack.DiscoverAsync(ct).ConfigureAwait(false)).Find(service) ?? stalwart;
        var journal = new BringUpJournal(null, services.Time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.StalwartVerifyDeadline);
        try
        {
            await new StalwartVerification(services.Stack, services.Sessions, options with { StalwartService = service }, services.Time, journal)
                .RunAsync(started, deadline.Token, ct).ConfigureAwait(false);
            return new RestartVerdict(true, journal.Events[^1].Evidence);
        }
        catch (StepFailedException e)
        {
            return new RestartVerdict(false, e.Message);
        }
    }
}
