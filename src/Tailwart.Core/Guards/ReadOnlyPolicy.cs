namespace Tailwart.Core.Guards;

/// <summary>
/// --read-only: every <see cref="GuardedAction"/> is refused, the same way for the CLI and the
/// TUI, because the facade asks this policy before each action rather than each caller deciding.
/// </summary>
public sealed class ReadOnlyPolicy(bool readOnly)
{
    public static readonly ReadOnlyPolicy Off = new(false);

    public bool IsReadOnly { get; } = readOnly;

    /// <summary>Throws <see cref="ReadOnlyRefusedException"/> when read-only; otherwise returns.</summary>
    public void Demand(GuardedAction action)
    {
        if (IsReadOnly)
            throw new ReadOnlyRefusedException(action);
    }

    /// <summary>The one message for a refused action (CLI and TUI alike).</summary>
    public static string RefusalFor(GuardedAction action) =>
        $"refused: {Describe(action)}: tailwart runs with --read-only, which refuses every action (probe, key test, up, unban, allow-fix, flush, certificate reload, supervise, restart-policy change). Nothing was sent or changed; run without --read-only to do it.";

    public static string Describe(GuardedAction action) => action switch
    {
        GuardedAction.Probe => "probe",
        GuardedAction.KeyTest => "key test",
        GuardedAction.Up => "up",
        GuardedAction.Unban => "unban",
        GuardedAction.AllowFix => "allow-fix",
        GuardedAction.Flush => "flush",
        GuardedAction.CertificateReload => "certificate reload",
        GuardedAction.Supervise => "supervise",
        GuardedAction.RestartPolicy => "restart-policy change",
        _ => action.ToString(),
    };
}
