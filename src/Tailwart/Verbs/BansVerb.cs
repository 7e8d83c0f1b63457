using System.CommandLine;
using Tailwart.Core;
using Tailwart.Core.Bans;
using Tailwart.Core.Checks;
using Tailwart.Core.Guards;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart bans [list] | unban IP… | allow-fix | flush`: Stalwart's block list with the lesson-3
/// highlights, the allow-list audit and the admin-port check; verified unban and allow-list fix;
/// restart-to-flush through the gated restart. Exit 0 ok, 1 warnings (box banned, allow-list
/// incomplete, nothing to unban), 2 failure, 3 refused by --read-only.
/// </summary>
public static class BansVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var bans = new Command("bans", "Stalwart's ban list (who is banned and why; the box's own WAN/tailnet/edge addresses highlighted, lesson 3), the allow-list audit and one polite check of the admin port.");
        var list = new Command("list", "The same as `tailwart bans`.");
        bans.SetAction((parse, ct) => guarded(parse, c => ListAsync(c, ct), ct));
        list.SetAction((parse, ct) => guarded(parse, c => ListAsync(c, ct), ct));
        bans.Subcommands.Add(list);

        var addresses = new Argument<string[]>("addresses") { Description = "IP addresses or networks (CIDR) to unban: an entry as listed, or a network that is not itself an entry unbans every ban inside it.", Arity = ArgumentArity.ZeroOrMore };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do it without asking (required without a terminal)." };
        var all = new Option<bool>("--all") { Description = "Unban every address on the block list." };
        var persisted = new Option<bool>("--persisted") { Description = "Unban the set the last `tailwart bans flush` reported as persisted." };
        var unban = new Command("unban", "Delete bans through the API, run the reload the version needs, then check the effect (the admin port from this box when its own address was unbanned).");
        unban.Arguments.Add(addresses);
        unban.Options.Add(yes);
        unban.Options.Add(all);
        unban.Options.Add(persisted);
        unban.SetAction((parse, ct) => guarded(parse, c => UnbanAsync(c, parse.GetValue(addresses) ?? [], parse.GetValue(all), parse.GetValue(persisted), parse.GetValue(yes), ct), ct));
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
        BansSnapshot snapshot = await context.Core.BansAsync(ct).ConfigureAwait(false);
        int exit = FindingPrinter.ExitCode(snapshot.Findings);
        if (context.Settings.Json && snapshot.Report is BanReport report && snapshot.Allow is AllowListAuditResult allow)
        {
            AdminPortDiagnosis? port = snapshot.Port;
            context.Output.Json(new BansReport(exit, report.Server.GenerationLabel, report.Server.Version, report.Server.Evidence, report.Path,
                report.Entries.Select(BanLine.From).ToList(), report.Truncated, report.Omitted, allow.Required, allow.Missing,
                port is null ? null : $"{port.Verdict}: {port.Summary}", snapshot.Findings.Select(FindingLine.From).ToList()), CliJson.Default.BansReport);
            return exit;
        }
        if (!context.Settings.Json)
        {
            foreach (string line in BansSnapshotText.Lines(snapshot))
                context.Output.Line(line);
        }
        return FindingPrinter.Print(context, snapshot.Findings, "no findings.");
    }

    private static async Task<int> UnbanAsync(VerbContext context, string[] given, bool all, bool persisted, bool yes, CancellationToken ct)
    {
        context.Policy.Demand(GuardedAction.Unban);
        IReadOnlyList<string> addresses = given;
        if ((addresses.Count > 0 ? 1 : 0) + (all ? 1 : 0) + (persisted ? 1 : 0) != 1)
            throw new Core.UserFacingException("bans unban takes addresses/networks, or --all, or --persisted (exactly one of them); nothing was changed.");
        if (addresses.FirstOrDefault(a => !Core.Net.Cidr.TryParse(a, out _)) is string bad)
            throw new Core.UserFacingException($"'{bad}' is not an IP address or network (e.g. 203.0.113.7, 2001:db8::1, 203.0.113.0/24); nothing was changed.");
        if (persisted)
        {
            var saved = PersistedBansFile.Load(context.State);
            if (saved is not { Addresses.Count: > 0 } set)
                throw new Core.UserFacingException($"no persisted set recorded: run `tailwart bans flush` first (it writes {PersistedBansFile.PathIn(context.State)}); nothing was changed.");
            addresses = set.Addresses;
            context.Output.Line($"the persisted set from the flush at {set.When}: {set.Addresses.Count} address(es).");
        }
        TailwartCore core = context.Core;
        string asked = all ? "every ban on Stalwart's block list" : BanListSummary.Inline(addresses, 5);
        // Without a terminal and without --yes the answer is no: refuse before touching the server.
        if (!yes && !context.Env.IsTerminal && Confirmation.Ask(context, $"unban {asked} (delete from Stalwart's block list over the API, then reload it)", yes) is int refusedNoTerminal)
            return refusedNoTerminal;
        // Read first, so the one question carries the real count (a network or --all may select hundreds).
        UnbanPlan plan = await core.PlanUnbanAsync(addresses, all, ct).ConfigureAwait(false);
        if (plan.Entries.Count > 0
            && Confirmation.Ask(context, $"unban {plan.Entries.Count} ban(s) for {asked}: {BanListSummary.Inline(plan.Entries.Select(e => e.Address).ToList(), 5)} (delete from Stalwart's block list over the API, then reload it)", yes) is int declined)
            return declined;
        UnbanOutcome outcome = await core.UnbanAsync(plan, ct).ConfigureAwait(false);
        int exit = outcome.StillListed.Count > 0 || outcome.StillBlockedInMemory ? ExitCodes.Failure : outcome.Removed.Count == 0 || outcome.NotFound.Count > 0 ? ExitCodes.Warnings : ExitCodes.Ok;
        if (context.Settings.Json)
        {
            context.Output.Json(new UnbanReport(exit, outcome.Path, outcome.Verified, outcome.Removed, outcome.StillListed, outcome.NotFound,
                outcome.Effect is { } e ? $"{e.Verdict}: {e.Summary}" : null, outcome.StillBlockedInMemory), CliJson.Default.UnbanReport);
            return exit;
        }
        if (outcome.Removed.Count > 0)
            context.Output.Line($"unbanned {BanListSummary.Inline(outcome.Removed)} over {outcome.Path} ({UnbanEvidence(outcome)}).");
        if (outcome.StillBlockedInMemory)
            context.Output.Error($"gone from the list, but the admin port {outcome.Effect!.Target} still turns this box away ({outcome.Effect.Summary}): the ban lives on in Stalwart's memory (known Stalwart issue: #3190, #3208). Restart-to-flush clears it: tailwart bans flush");
        if (outcome.StillListed.Count > 0)
            context.Output.Error($"still on the block list after delete and reload: {BanListSummary.Inline(outcome.StillListed)}.");
        if (outcome.NotFound.Count > 0)
            context.Output.Line($"not on the block list: {BanListSummary.Inline(outcome.NotFound)} (a ban whose database write failed lives only in memory and is not listed; a restart flushes those).");
        return exit;
    }

    private static async Task<int> AllowFixAsync(VerbContext context, bool yes, CancellationToken ct)
    {
        context.Policy.Demand(GuardedAction.AllowFix);
        TailwartCore core = context.Core;
        AllowListAuditResult audit = await core.AuditAllowListAsync(ct).ConfigureAwait(false);
        // Already listed: no question (nothing is added), but the reload still runs so Stalwart says whether it applies them.
        if (!audit.IsComplete && Confirmation.Ask(context, $"add {string.Join(" and ", audit.Missing)} to Stalwart's allow-list over the API, then reload its settings", yes) is int declined)
            return declined;
        AllowListFixOutcome outcome = await core.FixAllowListAsync(ct).ConfigureAwait(false);
        int exit = outcome.Verified ? ExitCodes.Ok : ExitCodes.Failure;
        if (context.Settings.Json)
        {
            context.Output.Json(new AllowFixReport(exit, outcome.Path, outcome.Verified, outcome.Added, outcome.StillMissing, outcome.Error,
                outcome.Effect is { } e ? $"{e.Verdict}: {e.Summary}" : null, outcome.Warnings), CliJson.Default.AllowFixReport);
            return exit;
        }
        // 0.15 applies a reload with warnings (only errors stop it): they say what it ignored or defaulted, so show them.
        if (outcome.Warnings.Count > 0)
            context.Output.Line($"Stalwart's reload warnings ({outcome.Warnings.Count}, applied anyway): {string.Join("; ", outcome.Warnings.Take(10))}{(outcome.Warnings.Count > 10 ? $" (and {outcome.Warnings.Count - 10} more; all under --json)" : "")}");
        if (outcome.Error is string error)
            context.Output.Error($"NOT applied: {error}");
        else if (outcome.Verified && outcome.Added.Count == 0)
            context.Output.Line($"allow-list already has {string.Join(", ", audit.Required)}, and Stalwart's reload applied it without errors; admin port from this box: {EffectText(outcome.Effect)}.");
        else if (outcome.Verified)
            context.Output.Line($"allow-listed {string.Join(", ", outcome.Added)} over {outcome.Path} (verified: Stalwart's reload applied it without errors; admin port from this box: {EffectText(outcome.Effect)}).");
        else if (outcome.Effect?.Verdict == AdminPortVerdict.AcceptsThenCloses)
            context.Output.Error($"allow-listed, but the admin port {outcome.Effect.Target} still turns this box away ({outcome.Effect.Summary}). On 0.15 the allow-list does not lift an existing ban (its block check ignores the allow-list): tailwart bans unban ADDRESS, or tailwart bans flush.");
        else
            context.Output.Error($"still missing after the write and reload: {string.Join(", ", outcome.StillMissing)}.");
        return exit;
    }

    private static async Task<int> FlushAsync(VerbContext context, bool yes, CancellationToken ct)
    {
        context.Policy.Demand(GuardedAction.Flush);
        TailwartCore core = context.Core;
        if (Confirmation.Ask(context, "restart Stalwart (only after the Postgres route is verified from the sidecar) and re-read the bans to see which were flushed", yes) is int declined)
            return declined;
        FlushOutcome outcome = await core.FlushBansAsync(ct).ConfigureAwait(false);
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
        // (e) offer the API unban for what the restart did not flush; a script gets the command instead. The set is
        // kept in the state directory, so the command is short however many there are.
        if (outcome.Persisted.Count > 0)
        {
            PersistedBansFile.Save(context.State, outcome.Persisted, DateTimeOffset.UtcNow);
            foreach (string line in BanListSummary.Of(outcome.Persisted).Lines())
                context.Output.Line("persisted: " + line);
            if (context.Env.IsTerminal && Confirmation.Ask(context, $"unban the {outcome.Persisted.Count} persisted ban(s) through the API", yes: false) is null)
            {
                UnbanOutcome unban = await core.UnbanAsync(outcome.Persisted, ct).ConfigureAwait(false);
                context.Output.Line($"unbanned {BanListSummary.Inline(unban.Removed)} over {unban.Path}{(unban.StillListed.Count > 0 ? $"; still listed: {BanListSummary.Inline(unban.StillListed)}" : "")}.");
                return unban.StillListed.Count > 0 || unban.StillBlockedInMemory ? ExitCodes.Failure : ExitCodes.Ok;
            }
            context.Output.Line("to unban them: tailwart bans unban --persisted");
        }
        return exit;
    }

    private static string EffectText(AdminPortDiagnosis? effect) => effect is null ? "not checked" : $"{effect.Verdict} ({effect.Summary})";

    private static string UnbanEvidence(UnbanOutcome outcome) => outcome.Effect is { } e
        ? $"verified: gone from the list, and the admin port answers this box again ({e.Summary})"
        : "gone from the list; not one of this box's addresses, so whether it connects again cannot be tested from here";
}
