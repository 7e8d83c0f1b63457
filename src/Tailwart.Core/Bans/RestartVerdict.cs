namespace Tailwart.Core.Bans;

/// <summary>Whether the restarted Stalwart was verified, and what showed it (or why not).</summary>
public sealed record RestartVerdict(bool Verified, string Evidence);
