namespace Tailwart.Core.Bans;

/// <summary>The route gate's answer: released only after a real login to Postgres from the netns; evidence says what was seen.</summary>
public sealed record GateVerdict(bool Released, string Evidence);
