using System.CommandLine;
using Tailwart.Core.Bans;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Stalwart;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart bans [list] | unban IP… | allow-fix | flush`: Stalwart's block list with the lesson-3
/// highlights, the allow-list audit and the admin-port check; verified unban and allow-list fix;
/// restart-to-flush through the gated restart. Exit 0 ok, 1 warnings (box banned, allow-list
/// incomplete, nothing to unban), 2 failure, 3 refused by --read-only.
/// </summary>
public static class BansVerb
{
    /// <summary>Runs a verb body inside the CLI's exit-code contract (TailwartCli.GuardedAsync).</summary>
    public delegate Task<int> Guarded(ParseResult parse, Func<VerbContext, Task<int>> run, CancellationToken ct);

    public static Command Create(Guarded guarded)
    {
        var bans = new Command("bans", "Stalwart's ban list (who is banned and why; the box's own WAN/tailnet/edge addresses highlighted, lesson 3), the allow-list audit and one polite check of the admin port.");
        var list = new Command("list", "The same as `tailwart bans`.");
        bans.SetAction((parse, ct) => guarded(parse, c => ListAsync(c, ct), ct));
        list.SetAction((parse, ct) => guarded(parse, c => ListAsync(c, ct), ct));
        bans.Subcommands.Add(list);

        var addresses = new Argument<string[]>("addresses") { Description = "IP addresses or CIDR entries to unban, as listed.", Arity = ArgumentArity.OneOrMore };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do it without asking (required without a terminal)." };
        var unban = new Command("unban", "Delete bans through the API, run the reload the version needs, re-read to verify.");
        unban.Arguments.Add(addresses);
        unban.Options.Add(yes);
        unban.SetAction((parse, ct) => guarded(parse, c => UnbanAsync(c, parse.GetValue(addresses) ?? [], parse.GetValue(yes), ct), ct));
        bans.Subcommands.Add(unban);

        var fixYes = new Option<bool>("--yes", "-y") { Description = "Do it without asking (required without a terminal)." };
        var allowFix = new Command("allow-fix", "Add the tailnet range and the WAN IP to Stalwart's allow-list (lesson 3), reload, re-read to verify.");
        allowFix.Options.Add(fixYes);
        allowFix.SetAction((parse, ct) => guarded(parse, c => AllowFixAsync(c, parse.GetValue(fixYes), ct), ct));
        bans.Subcommands.Add(allowFix);

        var flushYes = new Option<bool>("--yes", "-y") { Description = "Do it without asking (required without a terminal)." };
        var flush = new Command("flush", "Restart-to-flush: record bans, verify the Postgres route (gate), restart Stalwart and verify it, re-read, report flushed vs persisted.");
        flush.Options.Add(flushYes);
        flush.SetAction((parse, ct) => guarded(parse, c => FlushAsync(c, parse.GetValue(flushYes), ct), ct));
        bans.Subcommands.Add(flush);
        return bans;
    }

    private static async Task<int> ListAsync(VerbContext context, CancellationToken ct)
    {
        TailwartConfig config = context.RequireConfig();
        BansSnapshot snapshot = await BansServices.SnapshotAsync(context, config, ct).ConfigureAwait(false);
        int exit = FindingPrinter.ExitCode(snapshot.Findings);
        if (context.Settings.Json && snapshot.Report is BanReport report && snapshot.Allow is AllowListAuditResult allow)
        {
            AdminPortDiagnosis? port = snapshot.Port;
            context.Output.Json(new BansReport(exit, report.Server.GenerationLabel, report.Server.Version, report.Server.Evidence, report.Path,
                report.Entries.Select(BanLine.From).ToList(), report.Truncated, report.Omitted, allow.Required, allow.Missing,
                port is null ? null : $"{port.Verdict}: {port.Summary}", snapshot.Findings.Select(FindingReport.From).ToList()), CliJson.Default.BansReport);
            return exit;
        }
        if (!context.Settings.Json)
        {
            foreach (string line in BansServices.Lines(snapshot))
                context.Output.Line(line);
        }
        return FindingPrinter.Print(context, snapshot.Findings, "no findings.");
    }

    private static async Task<int> UnbanAsync(VerbContext context, IReadOnlyList<string> addresses, bool yes, CancellationToken ct)
    {
        if (Confirmation.RefuseWhenReadOnly(context, "unban") is int refused)
            return refused;
        if (addresses.FirstOrDefault(a => !Core.Net.Cidr.TryParse(a, out _)) is string bad)
            throw new Core.UserFacingException($"'{bad}' is not an IP address or network (e.g. 203.0.113.7, 2001:db8::1, 203.0.113.0/24); nothing was changed.");
        TailwartConfig config = context.RequireConfig();
        if (Confirmation.Ask(context, $"unban {string.Join(", ", addresses)} (delete from Stalwart's block list over the API, then reload it)", yes) is int declined)
            return declined;
        BanService service = await BansServices.CreateAsync(context, config, ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        UnbanOutcome outcome = await service.UnbanAsync(addresses, ct).ConfigureAwait(false);
        int exit = outcome.StillListed.Count > 0 ? ExitCodes.Failure : outcome.Removed.Count == 0 || outcome.NotFound.Count > 0 ? ExitCodes.Warnings : ExitCodes.Ok;
        if (context.Settings.Json)
        {
            context.Output.Json(new UnbanReport(exit, outcome.Path, outcome.Verified, outcome.Removed, outcome.StillListed, outcome.NotFound), CliJson.Default.UnbanReport);
            return exit;
        }
        if (outcome.Removed.Count > 0)
            context.Output.Line($"unbanned {string.Join(", ", outcome.Removed)} over {outcome.Path} (verified by re-reading the list).");
        if (outcome.StillListed.Count > 0)
            context.Output.Error($"still on the block list after delete and reload: {string.Join(", ", outcome.StillListed)}.");
        if (outcome.NotFound.Count > 0)
            context.Output.Line($"not on the block list: {string.Join(", ", outcome.NotFound)} (a ban whose database write failed lives only in memory and is not listed; a restart flushes those).");
        return exit;
    }

    private static async Task<int> AllowFixAsync(VerbContext context, bool yes, CancellationToken ct)
    {
        if (Confirmation.RefuseWhenReadOnly(context, "allow-fix") is int refused)
            return refused;
        TailwartConfig config = context.RequireConfig();
        BanService service = await BansServices.CreateAsync(context, config, ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        AllowListAuditResult audit = await service.AuditAllowListAsync(ct).ConfigureAwait(false);
        if (audit.IsComplete)
        {
            if (context.Settings.Json)
                context.Output.Json(new AllowFixReport(ExitCodes.Ok, audit.Allowed.Path, true, [], []), CliJson.Default.AllowFixReport);
            else
                context.Output.Line($"allow-list already has {string.Join(", ", audit.Required)}; nothing to do.");
            return ExitCodes.Ok;
        }
        if (Confirmation.Ask(context, $"add {string.Join(" and ", audit.Missing)} to Stalwart's allow-list over the API, then reload its settings", yes) is int declined)
            return declined;
        AllowListFixOutcome outcome = await service.FixAllowListAsync(ct).ConfigureAwait(false);
        int exit = outcome.Verified ? ExitCodes.Ok : ExitCodes.Failure;
        if (context.Settings.Json)
        {
            context.Output.Json(new AllowFixReport(exit, outcome.Path, outcome.Verified, outcome.Added, outcome.StillMissing), CliJson.Default.AllowFixReport);
            return exit;
        }
        if (outcome.Verified)
            context.Output.Line($"allow-listed {string.Join(", ", outcome.Added)} over {outcome.Path} (verified by re-reading the list).");
        else
            context.Output.Error($"still missing after the write and reload: {string.Join(", ", outcome.StillMissing)}.");
        return exit;
    }

    private static async Task<int> FlushAsync(VerbContext context, bool yes, CancellationToken ct)
    {
        if (Confirmation.RefuseWhenReadOnly(context, "flush") is int refused)
            return refused;
        TailwartConfig config = context.RequireConfig();
        IGatedRestart restart = BansServices.GatedRestart(context, config);
        if (Confirmation.Ask(context, "restart Stalwart (only after the Postgres route is verified from the sidecar) and re-read the bans to see which were flushed", yes) is int declined)
            return declined;
        BanService service = await BansServices.CreateAsync(context, config, ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        var flush = new BanFlush(service, restart, BansServices.Audit(context), TimeProvider.System, token => BansServices.DiagnoseAdminPortAsync(context, config, token));
        FlushOutcome outcome = await flush.RunAsync(ct).ConfigureAwait(false);
        int exit = outcome.Status switch
        {
            FlushStatus.GateRefused => ExitCodes.RefusedByGuard,
            FlushStatus.Completed => outcome.Persisted.Count > 0 ? ExitCodes.Warnings : ExitCodes.Ok,
            _ => ExitCodes.Failure,
        };
        if (context.Settings.Json)
        {
            context.Output.Json(new FlushReport(exit, outcome.Status.ToString(), outcome.Summary, outcome.Before, outcome.Flushed, outcome.Persisted, outcome.Appeared, outcome.Evidence), CliJson.Default.FlushReport);
            return exit;
        }
        foreach (string line in outcome.Evidence)
            context.Output.Line("  " + line);
        context.Output.Line(outcome.Summary);
        // (e) offer the API unban for what the restart did not flush; a script gets the command instead.
        if (outcome.Persisted.Count > 0)
        {
            if (context.Env.IsTerminal && Confirmation.Ask(context, $"unban the persisted {string.Join(", ", outcome.Persisted)} through the API", yes: false) is null)
            {
                UnbanOutcome unban = await service.UnbanAsync(outcome.Persisted, ct).ConfigureAwait(false);
                context.Output.Line($"unbanned {string.Join(", ", unban.Removed)} over {unban.Path}{(unban.StillListed.Count > 0 ? $"; still listed: {string.Join(", ", unban.StillListed)}" : "")}.");
                return unban.StillListed.Count > 0 ? ExitCodes.Failure : ExitCodes.Ok;
            }
            context.Output.Line($"to unban them: tailwart bans unban {string.Join(' ', outcome.Persisted)}");
        }
        return exit;
    }
}
