using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>
/// The one way in to bans and the allow-list (DESIGN: one way in): the TUI pane and
/// <c>tailwart bans</c> both call this. Every action writes an audit line before it acts and
/// one with the verified outcome after. An outcome is judged by its effect: Stalwart's own answer to the
/// reload (0.15 reports configuration errors inside an HTTP 200 and then applies nothing), and
/// <paramref name="adminPortFromBox"/> — one GET of the admin port from this box, which is the box's own address
/// connecting — not by re-reading what was written.
/// </summary>
/// <param name="adminPortFromBox">The effect check; null where none is available (the outcome then says it was not checked).</param>
internal sealed class BanService(StalwartClient client, BoxAddresses box, AuditLog audit, Func<CancellationToken, Task<AdminPortDiagnosis?>>? adminPortFromBox = null)
{
    public StalwartClient Client => client;

    public BoxAddresses Box => box;

    /// <summary>The ban list with lesson-3 highlights.</summary>
    public async Task<BanReport> ListAsync(CancellationToken ct = default)
    {
        StalwartServerInfo server = await client.DetectAsync(ct).ConfigureAwait(false);
        IpList bans = await client.ListAsync(IpListKind.Blocked, ct).ConfigureAwait(false);
        var (entries, findings) = BanClassifier.Classify(bans, box);
        return new BanReport(server, bans.Path, entries, bans.Truncated, findings, bans.Omitted);
    }

    /// <summary>Audits the allow-list against <see cref="AllowListAudit.Required"/>.</summary>
    public async Task<AllowListAuditResult> AuditAllowListAsync(CancellationToken ct = default)
    {
        IpList allowed = await client.ListAsync(IpListKind.Allowed, ct).ConfigureAwait(false);
        return AllowListAudit.Audit(allowed, box);
    }

    /// <summary>Adds what the audit found missing, applies it (the generation's reload), re-reads to verify.</summary>
    public async Task<AllowListFixOutcome> FixAllowListAsync(CancellationToken ct = default)
    {
        AllowListAuditResult before = await AuditAllowListAsync(ct).ConfigureAwait(false);
        // Listed is not applied: on 0.15 the keys can sit in the store while every reload fails on a config error. With
        // nothing to add, the reload alone still runs, so Stalwart's own answer decides.
        audit.Write("bans.allow-fix", before.IsComplete
            ? $"nothing to add: {string.Join(", ", before.Required)} already listed (read over {before.Allowed.Path}); reloading to confirm Stalwart applies them"
            : $"adding {string.Join(", ", before.Missing)}");
        string path;
        IReadOnlyList<string> warnings;
        try
        {
            (path, warnings) = await client.AddAllowedAsync(before.Missing, ct).ConfigureAwait(false);
        }
        catch (StalwartApiException e) when (e.Failure is StalwartFailure.ConfigRejected or StalwartFailure.ApiError)
        {
            // Stalwart answered and refused: its words are the outcome, and nothing here may call that verified.
            audit.Write("bans.allow-fix", $"NOT applied over {e.Path}: {e.Failure}: {e.Message}");
            AllowListAuditResult listed = await AuditAllowListAsync(ct).ConfigureAwait(false);
            return new AllowListFixOutcome(before.Missing, listed.Missing, e.Path, e.Message);
        }
        catch (StalwartApiException e)
        {
            audit.Write("bans.allow-fix", $"failed over {e.Path}: {e.Failure}");
            throw;
        }
        AllowListAuditResult after = await AuditAllowListAsync(ct).ConfigureAwait(false);
        AdminPortDiagnosis? effect = adminPortFromBox is null ? null : await adminPortFromBox(ct).ConfigureAwait(false);
        var outcome = new AllowListFixOutcome(before.Missing, after.Missing, path, null, effect, warnings);
        string warned = warnings.Count == 0 ? "" : $"; {warnings.Count} reload warning(s): {string.Join("; ", warnings.Take(5))}";
        audit.Write("bans.allow-fix", outcome.Verified
            ? $"verified over {path}: Stalwart's reload applied {string.Join(", ", before.Missing)} without errors{warned}; admin port from this box: {effect?.Verdict.ToString() ?? "not checked"}"
            : $"NOT verified over {path}: still missing {List(after.Missing.ToList())}; admin port from this box: {effect?.Verdict.ToString() ?? "not checked"}");
        return outcome;
    }

    /// <summary>
    /// Reads the list and selects what <paramref name="addresses"/> name: an address or network its own entry; a network
    /// that is not an entry every ban inside it; with <paramref name="all"/>, every ban. Nothing is changed.
    /// </summary>
    public async Task<UnbanPlan> PlanUnbanAsync(IReadOnlyList<string> addresses, bool all = false, CancellationToken ct = default)
    {
        IpList before = await client.ListAsync(IpListKind.Blocked, ct).ConfigureAwait(false);
        if (all)
            return new UnbanPlan(["--all"], before.Entries, [], before.Path, before.Truncated);
        var found = new List<IpListEntry>();
        var notFound = new List<string>();
        foreach (string address in addresses.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var hits = new List<IpListEntry>();
            // An entry spelled as given wins (the list's own range entry); a network that is not itself an entry selects
            // every ban inside it (clearing a scan storm from one /24 without pasting it).
            if (before.Find(address) is IpListEntry entry)
                hits.Add(entry);
            else if (Net.Cidr.TryParse(address, out Net.Cidr? network))
                hits.AddRange(before.Entries.Where(e => e.Network is { } n && n.PrefixLength >= network.PrefixLength && network.Contains(n.Network)));
            if (hits.Count == 0)
                notFound.Add(address);
            found.AddRange(hits.Where(h => !found.Contains(h)));
        }
        return new UnbanPlan(addresses, found.Distinct().ToList(), notFound, before.Path, before.Truncated);
    }

    /// <summary>Deletes the bans on <paramref name="addresses"/>, runs the reload the generation needs, re-reads and checks the effect.</summary>
    public async Task<UnbanOutcome> UnbanAsync(IReadOnlyList<string> addresses, CancellationToken ct = default) =>
        await UnbanAsync(await PlanUnbanAsync(addresses, false, ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    /// <summary>Deletes the planned entries, runs the reload the generation needs, re-reads, and checks the effect.</summary>
    public async Task<UnbanOutcome> UnbanAsync(UnbanPlan plan, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        IReadOnlyList<string> addresses = plan.Requested;
        var found = plan.Entries.ToList();
        var notFound = plan.NotFound.ToList();
        if (found.Count == 0)
        {
            audit.Write("bans.unban", $"nothing to do: {BanListSummary.Inline(notFound)} not on the block list (read over {plan.Path})");
            return new UnbanOutcome(addresses, [], [], notFound, plan.Path);
        }
        // The audit keeps every address (it is the record), however long the list.
        audit.Write("bans.unban", $"removing {found.Count}: {string.Join(", ", found.Select(e => e.Address))}");
        string path;
        try
        {
            path = await client.RemoveBlockedAsync(found, ct).ConfigureAwait(false);
        }
        catch (StalwartApiException e)
        {
            audit.Write("bans.unban", $"failed over {e.Path}: {e.Failure}");
            throw;
        }
        IpList after = await client.ListAsync(IpListKind.Blocked, ct).ConfigureAwait(false);
        var still = found.Where(e => after.Find(e.Address) is not null).Select(e => e.Address).ToList();
        var removed = found.Select(e => e.Address).Except(still).ToList();
        // The effect: when one of the box's own addresses was unbanned, the box itself must get through again. The
        // admin-port check is that address connecting; for anyone else's address the box cannot test it.
        bool ownAddress = found.Any(e => removed.Contains(e.Address) && box.Match(e).Count > 0);
        AdminPortDiagnosis? effect = ownAddress && adminPortFromBox is not null ? await adminPortFromBox(ct).ConfigureAwait(false) : null;
        audit.Write("bans.unban", $"over {path}: removed {List(removed)}; still listed {List(still)}; admin port from this box: {effect?.Verdict.ToString() ?? "not checked"}");
        return new UnbanOutcome(addresses, removed, still, notFound, path, effect);
    }

    private static string List(List<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);
}
