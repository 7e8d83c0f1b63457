using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>
/// The one way in to bans and the allow-list (DESIGN: one way in): the TUI pane and
/// <c>tailwart bans</c> both call this. Every action writes an audit line before it acts and
/// one with the verified outcome after, and every outcome comes from a re-read, not from the
/// API's "ok".
/// </summary>
public sealed class BanService(StalwartClient client, BoxAddresses box, AuditLog audit)
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
        if (before.IsComplete)
        {
            audit.Write("bans.allow-fix", $"nothing to add: {string.Join(", ", before.Required)} already allow-listed (read over {before.Allowed.Path})");
            return new AllowListFixOutcome([], [], before.Allowed.Path);
        }
        audit.Write("bans.allow-fix", $"adding {string.Join(", ", before.Missing)}");
        string path;
        try
        {
            path = await client.AddAllowedAsync(before.Missing, ct).ConfigureAwait(false);
        }
        catch (StalwartApiException e)
        {
            audit.Write("bans.allow-fix", $"failed over {e.Path}: {e.Failure}");
            throw;
        }
        AllowListAuditResult after = await AuditAllowListAsync(ct).ConfigureAwait(false);
        audit.Write("bans.allow-fix", after.IsComplete
            ? $"verified over {path}: {string.Join(", ", before.Missing)} now allow-listed"
            : $"NOT verified over {path}: still missing {string.Join(", ", after.Missing)} after the write and reload");
        return new AllowListFixOutcome(before.Missing, after.Missing, path);
    }

    /// <summary>Deletes the bans on <paramref name="addresses"/>, runs the reload the generation needs, re-reads to verify.</summary>
    public async Task<UnbanOutcome> UnbanAsync(IReadOnlyList<string> addresses, CancellationToken ct = default)
    {
        IpList before = await client.ListAsync(IpListKind.Blocked, ct).ConfigureAwait(false);
        var found = new List<IpListEntry>();
        var notFound = new List<string>();
        foreach (string address in addresses.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (before.Find(address) is IpListEntry entry)
                found.Add(entry);
            else
                notFound.Add(address);
        }
        if (found.Count == 0)
        {
            audit.Write("bans.unban", $"nothing to do: {string.Join(", ", notFound)} not on the block list (read over {before.Path})");
            return new UnbanOutcome(addresses, [], [], notFound, before.Path);
        }
        audit.Write("bans.unban", $"removing {string.Join(", ", found.Select(e => e.Address))}");
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
        audit.Write("bans.unban", $"over {path}: removed {List(removed)}; still listed {List(still)}");
        return new UnbanOutcome(addresses, removed, still, notFound, path);
    }

    private static string List(List<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);
}
