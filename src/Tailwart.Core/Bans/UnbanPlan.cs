using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>
/// Which block-list entries an unban request selects, read from the list before anything changes, so the admin is asked
/// once with the count: an address or network selects its own entry, a network that is not an entry selects every ban inside it, "all"
/// selects the whole list. <see cref="ListTruncated"/> says the list read was incomplete (more may exist).
/// </summary>
public sealed record UnbanPlan(IReadOnlyList<string> Requested, IReadOnlyList<IpListEntry> Entries, IReadOnlyList<string> NotFound, string Path, bool ListTruncated);
