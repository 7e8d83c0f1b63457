using System.CommandLine;
using Tailwart.Core.Certs;
using Tailwart.Core.Config;
using Tailwart.Core.Presenting;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart certs [--via edge|netns|all]`: what every hostname is served on every TLS port, the
/// DNS and CAA truth behind issuance, and the Let's Encrypt budget. Exit 0 clean, 1 warnings,
/// 2 failures, 3 when the sweep's budget refused it.
/// </summary>
public static class CertsVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var certsVia = new Option<string>("--via") { Description = "edge (as the world sees it), netns (inside the sidecar) or all.", DefaultValueFactory = _ => "all" };
        certsVia.AcceptOnlyFromAmong("edge", "netns", "all");
        var certs = new Command("certs", "What each hostname is served on the TLS ports Stalwart listens on (25/587/465/143/993/443 when its listeners cannot be read; subject, names, issuer, expiry, key, SHA-256), judged per port; CAA/DNS-01 truth; the Let's Encrypt budget from Cert Spotter. One sweep per path per probe interval.");
        certs.Options.Add(certsVia);
        certs.SetAction((parse, ct) => guarded(parse, c => CertsVerb.RunAsync(c, parse.GetValue(certsVia)!, ct), ct));
        var reloadYes = new Option<bool>("--yes", "-y") { Description = "Do it without asking (required without a terminal)." };
        var reload = new Command("reload", "Ask Stalwart to reload its TLS certificates through its API (asks once, writes an audit line), then re-inspect every port. Refused under --read-only (exit 3).");
        reload.Options.Add(reloadYes);
        reload.SetAction((parse, ct) => guarded(parse, c => CertsReloadVerb.RunAsync(c, parse.GetValue(reloadYes), ct), ct));
        certs.Subcommands.Add(reload);
        return certs;
    }

    public static async Task<int> RunAsync(VerbContext context, string via, CancellationToken ct)
    {
        context.WarnOnPersonalLedger();
        CertsOutcome outcome = await context.Core.CertsAsync(via, ct).ConfigureAwait(false);
        var observations = outcome.Observations;
        var findings = outcome.Findings;
        bool refused = outcome.SweepRefused;
        BudgetLine? budget = outcome.Budget is null ? null : BudgetLine.From(outcome.Budget, outcome.History!);

        int exit = refused && observations.Count == 0 ? ExitCodes.RefusedByGuard : FindingPrinter.ExitCode(findings);
        if (context.Settings.Json)
        {
            context.Output.Json(new CertsReport(exit, observations.Select(CertObservationLine.From).ToList(), findings.Select(FindingLine.From).ToList(), budget,
                outcome.Acme is null ? null : AcmeLine.From(outcome.Acme)), CliJson.Default.CertsReport);
            return exit;
        }
        foreach (var path in observations.GroupBy(o => o.Path, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var line in CertsPresenter.Matrix(path.Key, [.. path], DateTimeOffset.UtcNow))
                context.Output.Line(line.Text);
        }
        if (outcome.Acme is { } acme)
        {
            foreach (var p in acme.Providers)
                context.Output.Line($"Stalwart ACME '{p.Id}': {p.ChallengeName}{(p.DnsProvider is null ? "" : " via " + p.DnsProvider)}, {p.Directory}, names {(p.Domains.Count == 0 ? "(none)" : string.Join(", ", p.Domains))}, account {p.AccountUri ?? "unknown"}");
            if (acme.AccountUri is null && acme.AccountUriUnknownBecause is string why)
                context.Output.Line($"Stalwart's ACME account URI: unknown ({why})");
        }
        if (budget is not null)
            context.Output.Line(budget.SafeNow
                ? $"Let's Encrypt budget: safe to retry now ({budget.DuplicatesLast7Days}/5 duplicates this week, {budget.FailedValidationsLastHour}/5 failed validations this hour)"
                : $"Let's Encrypt budget: NOT safe to retry before {budget.SafeFrom:yyyy-MM-dd HH:mm}Z");
        FindingPrinter.Print(context, findings, "no findings.");
        return exit;
    }
}
