using Tailwart.Core.Bans;
using Tailwart.Core.BringUp;
using Tailwart.Core.Certs;
using Tailwart.Core.Docker;
using Tailwart.Core.Config;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Lint;

namespace Tailwart.Core.Checks;

/// <summary>
/// Every check the doctor (and the Checks pane) runs, each a call into the same Core service a
/// verb uses, with its own deadline. Guarded checks report "skipped: budget, next at …" rather
/// than run over their budget.
/// </summary>
internal static class DoctorChecks
{
    public static IReadOnlyList<IDoctorCheck> Build(TailwartCore context, TailwartConfig config)
    {
        // One stack diagnosis per doctor run, shared by the stack and route checks (the same one
        // `status`, the services pane and `up` use); its probes run at once, each bounded (< 10 s).
        Task<StackDiagnosisResult>? diagnosis = null;
        var once = new Lock();
        Task<StackDiagnosisResult> Diagnose(CancellationToken ct)
        {
            lock (once)
                return diagnosis ??= DiagnoseAsync(context, config, ct);
        }
        // One certificate sweep per doctor run, shared by the certs and DANE checks (the sweep is a
        // guarded action: a second one in the same run would be refused by its own budget). It runs on
        // its own 45 s bound, the certs check's deadline, whichever check asks first.
        var certsRun = new Lazy<Task<CertsOutcome>>(() => context.CertsAsync("all", new CancellationTokenSource(TimeSpan.FromSeconds(45)).Token));
        var checks = new List<IDoctorCheck>
        {
            new DoctorCheck("stack", "Docker, the compose services, Stalwart's netns, store, log since its start and loops, the tailnet, the edge", TimeSpan.FromSeconds(15),
                async ct =>
                {
                    StackDiagnosisResult d = await Diagnose(ct).ConfigureAwait(false);
                    return [.. d.Findings.Where(f => f.Id != FindingIds.RouteNotVerified),
                        .. Supervise.SupervisorFindings.From(context.SupervisorStatus(), d.Evidence.Stack.Find(config.Services.Stalwart))];
                }),
            new DoctorCheck("route", "Postgres route from the sidecar's netns (lesson 1)", TimeSpan.FromSeconds(30),
                async ct => (await Diagnose(ct).ConfigureAwait(false)).Findings.Where(f => f.Id == FindingIds.RouteNotVerified).ToList()),
            // 15 s: the lint reads compose's own model, and docker-compose 1.29 (Python) takes ~3.5 s per `config` here.
            new DoctorCheck("lint", "Compose lint (lessons 1 and 6)", TimeSpan.FromSeconds(15), context.LintModelAsync),
            new DoctorCheck("dns", "DNS, CAA, MTA-STS and MagicDNS", TimeSpan.FromSeconds(15), async ct =>
            {
                var resolver = new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3));
                var findings = await new DnsChecks(config, resolver.Client, new MtaStsPolicyFetcher(resolver, TailwartCore.MtaStsTimeout)).RunAsync(null, ct).ConfigureAwait(false);
                // Without Stalwart's ACME settings this run cannot compare CAA accounturi; the certs check can, and reports it.
                return findings.Where(f => !DnsChecks.NeedsStalwartAccount(f.Id)).ToList();
            }),
            new DoctorCheck("certs", "Certificates per port, Stalwart's ACME settings (lesson 4, CAA accounturi) and the Let's Encrypt budget", TimeSpan.FromSeconds(45), async ct =>
            {
                CertsOutcome outcome = await certsRun.Value.WaitAsync(ct).ConfigureAwait(false);
                // The DNS findings come from the dns check; don't report them twice. The CAA accounturi
                // comparison is the exception: it needs Stalwart's ACME account, which only this check reads.
                return outcome.Findings.Where(f => !f.Id.StartsWith("dns.", StringComparison.Ordinal) || DnsChecks.NeedsStalwartAccount(f.Id)).ToList();
            }),
            new DoctorCheck("bans", "Bans, allow-list and the admin port (lesson 3)", TimeSpan.FromSeconds(30), async ct =>
                (await context.BansAsync(ct).ConfigureAwait(false)).Findings),
        };
        checks.AddRange(Postmaster.PostmasterChecks.Build(config, context.State.Directory, ct => certsRun.Value.WaitAsync(ct), dkimKeys: context.DkimKeysAsync));
        if (config.Spaceship is SpaceshipSettings spaceship)
            checks.Add(new DoctorCheck("key-test", "Spaceship API key (lesson 2)", TimeSpan.FromSeconds(20), ct => KeyTestAsync(context, config, spaceship, ct)));
        return checks;
    }

    private static async Task<StackDiagnosisResult> DiagnoseAsync(TailwartCore context, TailwartConfig config, CancellationToken ct)
    {
        StackServices stack = context.Stack;
        await stack.CheckDockerAsync(ct).ConfigureAwait(false);
        return await context.DiagnoseAsync(ct).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<Finding>> KeyTestAsync(TailwartCore context, TailwartConfig config, SpaceshipSettings spaceship, CancellationToken ct)
    {
        // The key test is an action (a request from this box's WAN IP): --read-only skips it, as it refuses `tailwart key-test`.
        if (context.Policy.IsReadOnly)
            return [new("key-test.skipped", Severity.Info, "Key test skipped: --read-only", "tailwart runs with --read-only, which refuses the key test", 2, "Run tailwart key-test without --read-only.")];
        if (context.KeyTestRefusedUntil() is { } next)
            return [new("key-test.skipped", Severity.Info, "Key test skipped: budget", $"next at {next.ToUniversalTime():HH:mm:ss}Z", 2, "Run tailwart key-test after that time.")];
        try
        {
            KeyTestResult r = await context.KeyTestAsync(null, ct).ConfigureAwait(false);
            return r.KeyWorks ? []
                : [new("key-test.failed", r.Status == 429 ? Severity.Warning : Severity.Failure, $"Spaceship key test: {r.Verdict}", $"{spaceship.BaseUrl.Host}: {r.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}", 2, r.Explanation)];
        }
        catch (GuardRefusedException e)
        {
            return [new("key-test.skipped", Severity.Info, "Key test skipped: budget", e.Message, 2, "Run tailwart key-test after that time.")];
        }
    }
}
