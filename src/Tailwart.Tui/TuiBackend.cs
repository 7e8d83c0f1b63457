using Tailwart.Core.BringUp;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Logs;
using Tailwart.Core.Probes;
using Tailwart.Core.Presenting;
using Tailwart.Tui.Panes;

namespace Tailwart.Tui;

/// <summary>
/// What the TUI is given by the composition root: the live log buffer and the Core services
/// behind each pane, as plain async functions. A null function means the pane says what it will
/// show. Functions that run until cancelled (log follow, service watch) are stopped when the TUI ends.
/// </summary>
public sealed record TuiBackend(LogRingBuffer Logs)
{
    /// <summary>Feeds <see cref="Logs"/> until cancelled (tail first, then follow, resuming across restarts).</summary>
    public Func<CancellationToken, Task>? FollowLogs { get; init; }

    /// <summary>Reads this many further lines of history per service into <see cref="Logs"/>.</summary>
    public Func<int, CancellationToken, Task>? LoadOlderLogs { get; init; }

    /// <summary>Calls back (from any thread) with the services' rows whenever Docker reports a change, until cancelled.</summary>
    public Func<Action<IReadOnlyList<ServiceRow>>, CancellationToken, Task>? WatchServices { get; init; }

    /// <summary>Calls back (from any thread) with the supervisor's line (Core's SupervisorPresenter) at start and whenever its state changes, until cancelled.</summary>
    public Func<Action<PresentedLine>, CancellationToken, Task>? WatchSupervisor { get; init; }

    /// <summary>One certificate sweep; the pane presents it with <see cref="Core.Presenting.CertsPresenter"/>.</summary>
    public Func<CancellationToken, Task<CertsOutcome>>? Certs { get; init; }

    /// <summary>The doctor's checks; the pane presents them with <see cref="Core.Presenting.CheckPresenter"/>.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<CheckResult>>>? Checks { get; init; }

    /// <summary>
    /// The previous `tailwart doctor` result (its history file), read when the checks ran, so the pane marks
    /// new, changed and gone findings. The TUI only reads it: the doctor verb writes the baseline.
    /// </summary>
    public Func<(DateTimeOffset At, IReadOnlyDictionary<string, IReadOnlyList<Finding>> Checks)?>? PreviousChecks { get; init; }

    /// <summary>The bans snapshot, presented (its lines are the bans verb's until issue 15 gives it a Core presenter; its findings through <see cref="Core.Presenting.FindingPresenter"/>).</summary>
    public Func<CancellationToken, Task<IReadOnlyList<PresentedLine>>>? Bans { get; init; }

    /// <summary>Unbans the given addresses through the API (then re-reads to verify); returns what happened.</summary>
    public Func<IReadOnlyList<string>, CancellationToken, Task<string>>? Unban { get; init; }

    /// <summary>Adds the tailnet range and the WAN IP to the allow-list (then re-reads to verify).</summary>
    public Func<CancellationToken, Task<string>>? AllowFix { get; init; }

    /// <summary>Restart-to-flush-bans behind the route gate; returns flushed vs persisted.</summary>
    public Func<CancellationToken, Task<string>>? FlushBans { get; init; }

    /// <summary>Asks Stalwart to reload its certificates.</summary>
    public Func<CancellationToken, Task<string>>? ReloadCertificates { get; init; }

    /// <summary>The probe paths ("edge" as the world sees it, "netns" inside the sidecar), in the order they are shown.</summary>
    public IReadOnlyList<string> ProbePaths { get; init; } = [];

    /// <summary>
    /// One probe of a port over a path, through Core's budget guard and its persisted ledger (the CLI's):
    /// throws <see cref="Core.Guards.GuardRefusedException"/> at once when the budget refuses.
    /// </summary>
    public Func<string, int, CancellationToken, Task<ProbeResult>>? Probe { get; init; }

    /// <summary>The ports a run covers when none are named: Stalwart's own listeners, or the assumed list with a note (a read, no probe).</summary>
    public Func<CancellationToken, Task<ProbePlan>>? ProbePlan { get; init; }

    /// <summary>Read before probing through the edge: warnings when the box's WAN IP is not allow-listed (lesson 3).</summary>
    public Func<CancellationToken, Task<IReadOnlyList<string>>>? EdgeProbeWarnings { get; init; }

    /// <summary>The key and secret from tailwart.json's references, resolved now; throws a UserFacingException naming the one that does not resolve.</summary>
    public Func<KeyTestCredentials>? ConfiguredKeyTestCredentials { get; init; }

    /// <summary>One Spaceship key test, behind the key test's own budget guard (GuardRefusedException when refused).</summary>
    public Func<KeyTestCredentials, CancellationToken, Task<KeyTestResult>>? KeyTest { get; init; }

    /// <summary>When the key test's budget would refuse one now, the time it next allows one (its guard's ledger); null when it allows one. Asked before the key form opens, so nobody types a key only to be refused.</summary>
    public Func<DateTimeOffset?>? KeyTestRefusedUntil { get; init; }

    /// <summary>The gated bring-up; reports each step's event (shown as `tailwart up` prints it); returns the outcome line.</summary>
    public Func<IProgress<BringUpEvent>, CancellationToken, Task<string>>? BringUp { get; init; }
}
