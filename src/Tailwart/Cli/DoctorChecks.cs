using Tailwart.Cli.Verbs;
using Tailwart.Core.BringUp;
using Tailwart.Core.Certs;
using Tailwart.Core.Docker;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
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
        // One certificate sweep per doctor run, shared by the certs and DANE checks (the sweep is a guarded action).
        var certsRun = new Lazy<Task<CertsOutcome>>(() => context.CertsCheck(config).RunAsync(context.Connectors(config).Values, token => context.StalwartLogAsync(config, token), new CancellationTokenSource(TimeSpan.FromSeconds(45)).Token));
        var checks = new List<IDoctorCheck>
        {
            new DoctorCheck("stack", "Docker, the compose services, Stalwart not looping", TimeSpan.FromSeconds(15), ct => StackAsync(context, config, ct)),
            new DoctorCheck("route", "Postgres route from the sidecar's netns (lesson 1)", TimeSpan.FromSeconds(30), ct => RouteAsync(context, config, ct)),
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
                CertsOutcome outcome = await certsRun.Value.WaitAsync(ct).ConfigureAwait(false);
                // The DNS findings come from the dns check; don't report them twice. The CAA accounturi
                // comparison is the exception: it needs Stalwart's ACME account, which only this check reads.
                return outcome.Findings.Where(f => !f.Id.StartsWith("dns.", StringComparison.Ordinal) || DnsChecks.NeedsStalwartAccount(f.Id)).ToList();
            }),
            new DoctorCheck("bans", "Bans, allow-list and the admin port (lesson 3)", TimeSpan.FromSeconds(30), async ct =>
                (await BansServices.SnapshotAsync(context, config, ct).ConfigureAwait(false)).Findings),
        };
        checks.AddRange(Core.Postmaster.PostmasterChecks.Build(config, context.State.Directory, ct => certsRun.Value.WaitAsync(ct)));
        if (config.Spaceship is SpaceshipSettings spaceship)
            checks.Add(new DoctorCheck("key-test", "Spaceship API key (lesson 2)", TimeSpan.FromSeconds(20), ct => KeyTestAsync(context, config, spaceship, ct)));
        return checks;
    }

    private static async Task<IReadOnlyList<Finding>> StackAsync(VerbContext context, TailwartConfig config, CancellationToken ct)
    {
        StackServices stack = context.Stack(config);
        await stack.CheckDockerAsync(ct).ConfigureAwait(false);
        StackSnapshot snapshot = await stack.Stack.DiscoverAsync(ct).ConfigureAwait(false);
        var findings = new List<Finding>();
        foreach (string missing in snapshot.Missing)
            findings.Add(new("stack.service-missing", Severity.Failure, $"Service {missing} has no container in project {snapshot.Project}", $"compose project {snapshot.Project}", null, "Create it with tailwart up (it creates missing containers through compose), or fix services.* in tailwart.json."));
        if (snapshot.Find(config.Services.Sidecar) is { } sidecar && (!sidecar.IsRunning || !sidecar.IsHealthy))
            findings.Add(new("stack.sidecar-down", Severity.Failure, $"The sidecar {sidecar.Name} is {sidecar.State}{(sidecar.IsRunning ? $", {sidecar.Health}" : "")}", $"restarts {sidecar.RestartCount}, exit code {sidecar.ExitCode}", 1, "Bring the stack up with tailwart up."));
        if (snapshot.Find(config.Services.Stalwart) is { } stalwart)
        {
            if (!stalwart.IsRunning)
                findings.Add(new("stack.stalwart-down", Severity.Failure, $"Stalwart ({stalwart.Name}) is {stalwart.State}", $"exit code {stalwart.ExitCode}, restarts {stalwart.RestartCount}", 1, "Bring it up through the gate: tailwart up."));
            else if (stalwart.RestartCount >= 3)
                findings.Add(new("stack.stalwart-looping", Severity.Warning, $"Stalwart has restarted {stalwart.RestartCount} times", $"running since {stalwart.StartedAt:yyyy-MM-dd HH:mm}Z", 1, "A restart loop is how 0.15/0.16 answer an unreachable store at boot; check tailwart logs --explain and the route."));
        }
        return findings;
    }

    private static async Task<IReadOnlyList<Finding>> RouteAsync(VerbContext context, TailwartConfig config, CancellationToken ct)
    {
        RouteCheck route = await context.Stack(config).Route.VerifyAsync(ct).ConfigureAwait(false);
        return route.IsVerified ? []
            : [new("route.not-verified", Severity.Failure, $"No verified PostgreSQL login to {config.Postgres.Host}:{config.Postgres.Port} from the sidecar's netns", $"{route.Level} reached; {route.Failure}: {route.Evidence}", 1,
                "Until this is verified, starting Stalwart loses writes. Check the tailnet route, Postgres and the credentials; tailwart up waits for it.")];
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
