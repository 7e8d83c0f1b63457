using Tailwart.Core.Checks;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>The ban list with highlights and findings, plus the server and the access path that answered.</summary>
public sealed record BanReport(StalwartServerInfo Server, string Path, IReadOnlyList<BanEntry> Entries, bool Truncated, IReadOnlyList<Finding> Findings, long? Omitted = null);
