using Tailwart.Core;
using Tailwart.Core.Acme;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Logs;
using Tailwart.Core.Probes;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart certs [--via edge|netns|all]`: what every hostname is served on every TLS port, the
/// DNS and CAA truth behind issuance, and the Let's Encrypt budget. Exit 0 clean, 1 warnings,
/// 2 failures, 3 when the sweep's budget refused it.
/// </summary>
public static class CertsVerb
{
    public static async Task<int> RunAsync(VerbContext context, string via, CancellationToken ct)
    {
        TailwartConfig config = context.RequireConfig();
        var guard = new BudgetGuard(ActionLedger.InState(context.State, ProbeService.LedgerFile, TimeProvider.System), ProbeService.IntervalFor(config));
        var sweep = new CertSweep(config, guard);
        var observations = new List<CertObservation>();
        var findings = new List<Finding>();
        bool refused = false;
        foreach (var connector in VerbContext.Connectors(config).Where(c => via == "all" || c.Key == via))
        {
            try
            {
                observations.AddRange(await sweep.RunAsync(connector.Value, ct).ConfigureAwait(false));
            }
            catch (GuardRefusedException e)
            {
                refused = true;
                findings.Add(new("certs.skipped-budget", Severity.Info, $"Certificate sweep over {connector.Key} skipped: budget", e.Message, 3, "Wait for the next allowed time; sweeps share the probe budget so the mail ports are never rapid-polled."));
            }
        }
        findings.AddRange(CertJudge.Judge(observations, DateTimeOffset.UtcNow));
        var resolver = new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3));
        findings.AddRange(await new DnsChecks(config, resolver.Client).RunAsync(stalwartAccountUri: null, ct).ConfigureAwait(false));

        BudgetLine? budget = null;
        if (config.Certspotter is CertspotterSettings certspotter)
        {
            var client = new CertspotterClient(certspotter, Path.Combine(Core.State.StatePaths.EnsurePrivateDirectory(context.State.Directory), "certspotter-cache.json"), TimeProvider.System);
            IssuanceHistory history = await client.GetAsync(config.Mail.Domain, ct).ConfigureAwait(false);
            IReadOnlyList<LogLine> stalwartLog = await VerbContext.StalwartLogAsync(config, ct).ConfigureAwait(false);
            BudgetAssessment assessment = LetsEncryptBudget.Assess(history.Issuances, stalwartLog, DateTimeOffset.UtcNow);
            findings.AddRange(assessment.Findings);
            if (history.Problem is string problem)
                findings.Add(new("acme.certspotter-unavailable", Severity.Warning, "Issuance history incomplete", problem, 7, "The duplicate count may be low; check again later (tailwart caches Cert Spotter for an hour)."));
            budget = BudgetLine.From(assessment, history);
        }

        int exit = refused && observations.Count == 0 ? ExitCodes.RefusedByGuard : FindingPrinter.ExitCode(findings);
        if (context.Settings.Json)
        {
            context.Output.Json(new CertsReport(exit, observations.Select(CertObservationLine.From).ToList(), findings.Select(FindingReport.From).ToList(), budget), CliJson.Default.CertsReport);
            return exit;
        }
        foreach (CertObservation o in observations.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Hostname, StringComparer.Ordinal).ThenBy(o => o.Port))
        {
            string what = o.Certificate is { } c
                ? $"{c.Subject}  issuer {c.Issuer}  {c.DaysLeft(DateTimeOffset.UtcNow)}d left  {c.KeyType}  sha256 {c.Sha256Fingerprint[..16]}…"
                : $"(none) {o.Problem}";
            context.Output.Line($"{o.Path,-5} {o.Hostname}:{o.Port,-4} {what}");
        }
        if (budget is not null)
            context.Output.Line(budget.SafeNow
                ? $"Let's Encrypt budget: safe to retry now ({budget.DuplicatesLast7Days}/5 duplicates this week, {budget.FailedValidationsLastHour}/5 failed validations this hour)"
                : $"Let's Encrypt budget: NOT safe to retry before {budget.SafeFrom:yyyy-MM-dd HH:mm}Z");
        FindingPrinter.Print(context, findings, "no findings.");
        return exit;
    }
}
