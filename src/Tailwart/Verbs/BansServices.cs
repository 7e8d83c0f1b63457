using Tailwart.Core.Bans;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Probes;
using Tailwart.Core.Stalwart;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// Composes the bans services for one invocation: the credential from its reference, the access
/// paths (admin URL over the edge connector; the netns loopback when a "netns" connector exists),
/// the box's addresses, the audit log, and the budget-guarded admin-port check.
/// </summary>
public static class BansServices
{
    public const string SecretPath = "$.stalwart.adminPassword";

    public static async Task<BanService> CreateAsync(VerbContext context, TailwartConfig config, CancellationToken ct)
    {
        var credential = new StalwartCredential(config.Stalwart.AdminUser,
            context.ResolveSecret(config, SecretPath, config.Stalwart.AdminPassword), SecretPath, config.Stalwart.AdminPassword);
        IReadOnlyDictionary<string, IConnector> connectors = VerbContext.Connectors(config);
        var paths = new List<StalwartAccessPath> { new(StalwartAccessPath.AdminUrlName, config.Stalwart.AdminUrl, connectors["edge"]) };
        if (connectors.TryGetValue("netns", out IConnector? netns))
            paths.Add(new StalwartAccessPath(StalwartAccessPath.NetnsLoopbackName, StalwartAccessPath.NetnsLoopbackUri, netns));
        var client = new StalwartClient(paths, credential, config.Stalwart.ApiGeneration);
        var resolver = new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3));
        BoxAddresses box = await BoxAddresses.FromConfigAsync(config, resolver, ct).ConfigureAwait(false);
        return new BanService(client, box, Audit(context));
    }

    public static AuditLog Audit(VerbContext context) => AuditLog.InState(context.State, TimeProvider.System, context.Redactor);

    /// <summary>
    /// The restart step. Null until the bring-up's route gate and Stalwart restart are wired here
    /// (an <see cref="IGatedRestart"/> over RouteVerifier + DockerStackControl + StalwartVerification).
    /// </summary>
    public static IGatedRestart? GatedRestart(VerbContext context, TailwartConfig config) => null;

    /// <summary>One GET of the admin port from this box, within the shared probe budget (the same slot as `tailwart probe 8080`); null when the budget refused it.</summary>
    public static Task<AdminPortDiagnosis?> DiagnoseAdminPortAsync(VerbContext context, TailwartConfig config, CancellationToken ct)
    {
        var guard = new BudgetGuard(ActionLedger.InState(context.State, ProbeService.LedgerFile, TimeProvider.System), ProbeService.IntervalFor(config));
        return new AdminPortCheck(guard, VerbContext.Connectors(config)["edge"], config.Stalwart.AdminUrl).RunAsync(ct);
    }
}
