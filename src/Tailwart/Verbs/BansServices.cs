using Tailwart.Core.Bans;
using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
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

    /// <summary>Above this many bans the text output summarises instead of printing one line each.</summary>
    public const int LongList = 20;

    public static async Task<BanService> CreateAsync(VerbContext context, TailwartConfig config, CancellationToken ct)
    {
        StalwartClient client = Client(context, config);
        var resolver = new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3));
        BoxAddresses box = await BoxAddresses.FromConfigAsync(config, resolver, ct).ConfigureAwait(false);
        return new BanService(client, box, Audit(context), token => AdminPortAfterActionAsync(context, config, token));
    }

    /// <summary>
    /// The effect check after an unban or allow-fix: one GET of the admin port from this box. Outside the probe budget on
    /// purpose: it runs once per deliberate action (never in a loop), and a budget refusal right after `tailwart bans`
    /// would leave every action unverified.
    /// </summary>
    public static async Task<AdminPortDiagnosis?> AdminPortAfterActionAsync(VerbContext context, TailwartConfig config, CancellationToken ct) =>
        await AdminPortDiagnoser.DiagnoseAsync(context.Connectors(config)["edge"], config.Stalwart.AdminUrl, ProbeService.Timeout, ct).ConfigureAwait(false);

    /// <summary>A management API client over the admin URL, then the netns loopback; the credential is resolved here (may throw a clear error).</summary>
    public static StalwartClient Client(VerbContext context, TailwartConfig config)
    {
        var credential = new StalwartCredential(config.Stalwart.AdminUser,
            context.ResolveSecret(config, SecretPath, config.Stalwart.AdminPassword), SecretPath, config.Stalwart.AdminPassword);
        IReadOnlyDictionary<string, IConnector> connectors = context.Connectors(config);
        var paths = new List<StalwartAccessPath> { new(StalwartAccessPath.AdminUrlName, config.Stalwart.AdminUrl, connectors["edge"]) };
        if (connectors.TryGetValue("netns", out IConnector? netns))
            paths.Add(new StalwartAccessPath(StalwartAccessPath.NetnsLoopbackName, StalwartAccessPath.NetnsLoopbackUri, netns));
        return new StalwartClient(paths, credential, config.Stalwart.ApiGeneration);
    }

    public static AuditLog Audit(VerbContext context) => AuditLog.InState(context.State, TimeProvider.System, context.Redactor);

    /// <summary>The restart step: the bring-up's route gate and its Stalwart restart + verification.</summary>
    public static IGatedRestart GatedRestart(VerbContext context, TailwartConfig config) =>
        new GatedStalwartRestart(context.Stack(config), new BringUpOptions());

    /// <summary>One GET of the admin port from this box, within the shared probe budget (the same slot as `tailwart probe 8080`); null when the budget refused it.</summary>
    public static Task<AdminPortDiagnosis?> DiagnoseAdminPortAsync(VerbContext context, TailwartConfig config, CancellationToken ct)
    {
        var guard = new BudgetGuard(ActionLedger.InState(context.State, ProbeService.LedgerFile, TimeProvider.System), ProbeService.IntervalFor(config));
        return new AdminPortCheck(guard, context.Connectors(config)["edge"], config.Stalwart.AdminUrl).RunAsync(ct);
    }

    /// <summary>
    /// The bans as the verb, the Bans pane and the doctor show them. When the API answers on no
    /// path, the admin-port diagnosis is still reported: it often says why (a ban on the socket IP).
    /// </summary>
    public static async Task<BansSnapshot> SnapshotAsync(VerbContext context, TailwartConfig config, CancellationToken ct)
    {
        BanService service = await CreateAsync(context, config, ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        AdminPortDiagnosis? port = await DiagnoseAdminPortAsync(context, config, ct).ConfigureAwait(false);
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
        if (port?.Finding is Finding portFinding)
            findings.Add(portFinding);
        return new BansSnapshot(report, allow, port, findings);
    }

    /// <summary>The snapshot as text lines (the verb's output and the Bans pane share them).</summary>
    public static IEnumerable<string> Lines(BansSnapshot snapshot)
    {
        if (snapshot.Report is BanReport report)
            yield return $"Stalwart {report.Server.Version ?? report.Server.GenerationLabel} ({report.Server.Evidence}); read over {report.Path}";
        if (snapshot.Port is AdminPortDiagnosis port)
            yield return $"admin port {port.Target} from this box: {port.Verdict} ({port.Summary})";
        if (snapshot.Report is BanReport r)
        {
            yield return r.Entries.Count == 0 ? "no bans." : $"{r.Entries.Count} ban(s){(r.Truncated ? r.Omitted is long left ? $" (truncated: {left} more not read)" : " (truncated: more not read)" : "")}:";
            // A long list (a scan storm) is summarised: the box's own addresses always in full, then count, first few and
            // groups by network and reason (BanListSummary, shared with the TUI); `--json` has every entry.
            bool summarise = r.Entries.Count > LongList;
            if (summarise)
            {
                var others = r.Entries.Where(e => !e.IsBoxAddress).ToList();
                foreach (string line in BanListSummary.Of(others.Select(e => e.Address).ToList(), others.Select(e => e.Entry.Reason).ToList()).Lines())
                    yield return "  " + line;
            }
            foreach (BanEntry e in r.Entries.Where(e => !summarise || e.IsBoxAddress).OrderByDescending(e => e.IsBoxAddress))
            {
                string details = string.Join("  ", new[]
                {
                    e.Entry.Reason,
                    e.Entry.CreatedAt is { } c ? $"since {c:yyyy-MM-dd HH:mm}Z" : null,
                    e.Entry.ExpiresAt is { } x ? $"until {x:yyyy-MM-dd HH:mm}Z" : null,
                    e.IsBoxAddress ? "← " + string.Join(", ", e.Matches.Select(LessonThree.Describe)) : null,
                }.OfType<string>());
                yield return $"{(e.IsBoxAddress ? "!" : " ")} {e.Address,-40} {details}";
            }
        }
        if (snapshot.Allow is AllowListAuditResult allow)
            yield return $"allow-list: {(allow.IsComplete ? "complete" : "missing " + string.Join(", ", allow.Missing))} (needs {string.Join(", ", allow.Required)})";
    }
}
