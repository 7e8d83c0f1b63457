using Tailwart.Cli.Verbs;
using Tailwart.Core.BringUp;
using Tailwart.Core.Certs;
using Tailwart.Core.Docker;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Lint;

namespace Tailwart.Cli;

/// <summary>
/// Every check the doctor (and the Checks pane) runs, each a call into the same Core service a
/// verb uses, with its own deadline. Guarded checks report "skipped: budget, next at …" rather
/// than run over their budget.
/// </summary>
public static class DoctorChecks
{
    public static IReadOnlyList<IDoctorCheck> Build(VerbContext context, TailwartConfig config)
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
        var checks = new List<IDoctorCheck>
        {
            new DoctorCheck("stack", "Docker, the compose services, Stalwart's netns, store, log since its start and loops, the tailnet, the edge", TimeSpan.FromSeconds(15),
                async ct => (await Diagnose(ct).ConfigureAwait(false)).Findings.Where(f => f.Id != FindingIds.RouteNotVerified).ToList()),
            new DoctorCheck("route", "Postgres route from the sidecar's netns (lesson 1)", TimeSpan.FromSeconds(30),
                async ct => (await Diagnose(ct).ConfigureAwait(false)).Findings.Where(f => f.Id == FindingIds.RouteNotVerified).ToList()),
            new DoctorCheck("lint", "Compose lint (lessons 1 and 6)", TimeSpan.FromSeconds(5), _ => Task.FromResult(ComposeLint.Run(config))),
            new DoctorCheck("dns", "DNS, CAA, MTA-STS and MagicDNS", TimeSpan.FromSeconds(15), async ct =>
            {
                var resolver = new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3));
                var findings = await new DnsChecks(config, resolver.Client, new MtaStsPolicyFetcher(resolver, VerbContext.MtaStsTimeout)).RunAsync(null, ct).ConfigureAwait(false);
                // Without Stalwart's ACME settings this run cannot compare CAA accounturi; the certs check can, and reports it.
                return findings.Where(f => !DnsChecks.NeedsStalwartAccount(f.Id)).ToList();
            }),
            new DoctorCheck("certs", "Certificates per port, Stalwart's ACME settings (lesson 4, CAA accounturi) and the Let's Encrypt budget", TimeSpan.FromSeconds(45), async ct =>
            {
                CertsOutcome outcome = await context.CertsCheck(config).RunAsync(context.Connectors(config).Values, token => context.StalwartLogAsync(config, token), ct).ConfigureAwait(false);
                // The DNS findings come from the dns check; don't report them twice. The CAA accounturi
                // comparison is the exception: it needs Stalwart's ACME account, which only this check reads.
                return outcome.Findings.Where(f => !f.Id.StartsWith("dns.", StringComparison.Ordinal) || DnsChecks.NeedsStalwartAccount(f.Id)).ToList();
            }),
            new DoctorCheck("bans", "Bans, allow-list and the admin port (lesson 3)", TimeSpan.FromSeconds(30), async ct =>
                (await BansServices.SnapshotAsync(context, config, ct).ConfigureAwait(false)).Findings),
        };
        if (config.Spaceship is SpaceshipSettings spaceship)
            checks.Add(new DoctorCheck("key-test", "Spaceship API key (lesson 2)", TimeSpan.FromSeconds(20), ct => KeyTestAsync(context, config, spaceship, ct)));
        return checks;
    }

    private static async Task<StackDiagnosisResult> DiagnoseAsync(VerbContext context, TailwartConfig config, CancellationToken ct)
    {
        StackServices stack = context.Stack(config);
        await stack.CheckDockerAsync(ct).ConfigureAwait(false);
        return await stack.Diagnosis(StoreReads.For(context, config, stack)).RunAsync(ct).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<Finding>> KeyTestAsync(VerbContext context, TailwartConfig config, SpaceshipSettings spaceship, CancellationToken ct)
    {
        BudgetGuard guard = context.KeyTestGuard();
        if (guard.NextAllowed(SpaceshipKeyTester.LedgerKey) is var next && next > DateTimeOffset.UtcNow)
            return [new("key-test.skipped", Severity.Info, "Key test skipped: budget", $"next at {next.ToUniversalTime():HH:mm:ss}Z", 2, "Run tailwart key-test after that time.")];
        var key = context.ResolveSecret(config, "$.spaceship.apiKey", spaceship.ApiKey);
        var secret = context.ResolveSecret(config, "$.spaceship.apiSecret", spaceship.ApiSecret);
        try
        {
            KeyTestResult r = await new SpaceshipKeyTester(spaceship, config.Mail.Domain, guard).TestAsync(key, secret, ct).ConfigureAwait(false);
            return r.KeyWorks ? []
                : [new("key-test.failed", r.Status == 429 ? Severity.Warning : Severity.Failure, $"Spaceship key test: {r.Verdict}", $"{spaceship.BaseUrl.Host}: {r.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}", 2, r.Explanation)];
        }
        catch (GuardRefusedException e)
        {
            return [new("key-test.skipped", Severity.Info, "Key test skipped: budget", e.Message, 2, "Run tailwart key-test after that time.")];
        }
    }
}
