namespace Tailwart.Core.Bans;

/// <summary>What the gate said and, only when it released, how the restart went (null: nothing was restarted).</summary>
public sealed record GatedRestartOutcome(GateVerdict Gate, RestartVerdict? Restart);
