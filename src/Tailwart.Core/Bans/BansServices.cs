using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Probes;
using Tailwart.Core.Secrets;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>
/// Composes the bans services for the facade: the credential from its reference, the access
/// paths (admin URL over the edge connector; the netns loopback when a "netns" connector exists),
/// the box's addresses, the audit log, and the budget-guarded admin-port check. Built once by
/// <see cref="TailwartCore"/>; nothing outside Core builds it.
/// </summary>
internal sealed class BansServices(TailwartConfig config, IReadOnlyDictionary<string, IConnector> connectors, Func<string, SecretReference, Secret> resolveSecret,
    AuditLog audit, BudgetGuard probeGuard, HostResolver resolver)
{
    public const string SecretPath = "$.stalwart.adminPassword";

    public AuditLog Audit => audit;

    public async Task<BanService> CreateAsync(CancellationToken ct)
    {
        StalwartClient client = Client();
        try
        {
            BoxAddresses box = await BoxAddresses.FromConfigAsync(config, resolver, ct).ConfigureAwait(false);
            return new BanService(client, box, audit, AdminPortAfterActionAsync);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A management API client over the admin URL, then the netns loopback; the credential is resolved here (may throw a clear error).</summary>
    public StalwartClient Client()
    {
        var credential = new StalwartCredential(config.Stalwart.AdminUser,
            resolveSecret(SecretPath, config.Stalwart.AdminPassword), SecretPath, config.Stalwart.AdminPassword);
        var paths = new List<StalwartAccessPath> { new(StalwartAccessPath.AdminUrlName, config.Stalwart.AdminUrl, connectors["edge"]) };
        if (connectors.TryGetValue("netns", out IConnector? netns))
            paths.Add(new StalwartAccessPath(StalwartAccessPath.NetnsLoopbackName, StalwartAccessPath.NetnsLoopbackUri, netns));
        return new StalwartClient(paths, credential, config.Stalwart.ApiGeneration);
    }

    /// <summary>
    /// The effect check after an unban or allow-fix: one GET of the admin port from this box. Outside the probe budget on
    /// purpose: it runs once per deliberate action (never in a loop), and a budget refusal right after `tailwart bans`
    /// would leave every action unverified.
    /// </summary>
    public async Task<AdminPortDiagnosis?> AdminPortAfterActionAsync(CancellationToken ct) =>
        await AdminPortDiagnoser.DiagnoseAsync(connectors["edge"], config.Stalwart.AdminUrl, ProbeService.Timeout, ct).ConfigureAwait(false);

    /// <summary>One GET of the admin port from this box, within the shared probe budget (the same slot as `tailwart probe 8080`); null when the budget refused it.</summary>
    public Task<AdminPortDiagnosis?> DiagnoseAdminPortAsync(CancellationToken ct) =>
        new AdminPortCheck(probeGuard, connectors["edge"], config.Stalwart.AdminUrl).RunAsync(ct);

    /// <summary>
    /// The bans as the verb, the Bans pane and the doctor show them. When the API answers on no
    /// path, the admin-port diagnosis is still reported: it often says why (a ban on the socket IP).
    /// </summary>
    public async Task<BansSnapshot> SnapshotAsync(CancellationToken ct)
    {
        BanService service = await CreateAsync(ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        // At once with the list, not before it: against a hung API (accepts, never answers) the port's 5 s and the
        // list's 8 s in a row made `bans` take ~14 s; side by side the whole snapshot ends within 10 s (issue 16 §5).
        Task<AdminPortDiagnosis?> portCheck = DiagnoseAdminPortAsync(ct);
        var findings = new List<Finding>();
        BanReport? report = null;
        AllowListAuditResult? allow = null;
        try
        {
            report = await service.ListAsync(ct).ConfigureAwait(false);
            allow = await service.AuditAllowListAsync(ct).ConfigureAwait(false);
            findings.AddRange(report.Findings);
            findings.AddRange(allow.Findings);
        }
        catch (StalwartApiException e)
        {
            bool closed = e.Failure == StalwartFailure.AcceptedThenClosed;
            findings.Add(new("bans.api-failed", Severity.Failure, "Stalwart's management API did not answer usefully", e.Message, closed ? LessonThree.Lesson : null,
                closed ? "Reach the API over the netns loopback path (loopback is never banned), then unban." : "See the message; check stalwart.adminUrl, the credential reference and that Stalwart runs."));
        }
        AdminPortDiagnosis? port = await portCheck.ConfigureAwait(false);
        if (port?.Finding is Finding portFinding)
            findings.Add(portFinding);
        return new BansSnapshot(report, allow, port, findings);
    }
}
