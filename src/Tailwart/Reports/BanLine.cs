using Tailwart.Core.Bans;

namespace Tailwart.Cli.Verbs;

/// <summary>One ban as --json shows it; <c>highlight</c> names the box identities it hits (lesson 3).</summary>
public sealed record BanLine(string Address, string? Reason, DateTimeOffset? CreatedAt, DateTimeOffset? ExpiresAt, IReadOnlyList<string>? Highlight)
{
    public static BanLine From(BanEntry e) => new(e.Address, e.Entry.Reason, e.Entry.CreatedAt, e.Entry.ExpiresAt,
        e.IsBoxAddress ? e.Matches.Select(m => m.ToString()).ToList() : null);
}
