using Tailwart.Core;
using Tailwart.Core.Bans;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.BringUp;
using Tailwart.Core.Logs;
using Tailwart.Tui;
using Tailwart.Core.Presenting;
using Tailwart.Tui.Panes;

namespace Tailwart.Cli;

/// <summary>
/// Builds what the TUI gets from Core: the same services the verbs use, behind plain functions,
/// so no view talks to Docker, Npgsql or HTTP itself.
/// </summary>
public static class TuiComposition
{
    public static TuiBackend Build(VerbContext context, TailwartConfig config)
    {
        TailwartCore core = context.Core;
        var logs = new LogRingBuffer(config.Logs.BufferLines, config.Logs.BufferMegabytes * 1024L * 1024L);
        LogFeedControls feed = core.LogFeed(logs);
        // The same facade as the verbs: its guards over the same persisted ledgers, so a TUI beside
        // `tailwart probe` shares one budget, and --read-only refuses here exactly as there.
        return new TuiBackend(logs)
        {
            FollowLogs = feed.FollowAsync,
            LoadOlderLogs = feed.LoadOlderAsync,
            WatchServices = (apply, ct) => ServiceWatch.RunAsync(core, apply, ct, logs),
            WatchSupervisor = (apply, ct) => SupervisorWatch.RunAsync(core.SupervisorStatePath, core.SupervisorStatus, core.Time, apply, ct),
            Certs = ct => core.CertsAsync("all", ct),
            Bans = async ct =>
            {
                BansSnapshot snapshot = await core.BansAsync(ct).ConfigureAwait(false);
                return [.. BansSnapshotText.Lines(snapshot).Select(PresentedLine.Plain), PresentedLine.Plain(""), .. FindingPresenter.Present(snapshot.Findings)];
            },
            Checks = ct => Doctor.RunAsync(core.DoctorChecks(), ct),
            // read only: the doctor verb owns the baseline, so `doctor --changes` keeps comparing with the last doctor run
            PreviousChecks = core.DoctorHistory.Load,
            Unban = async (addresses, ct) =>
            {
                UnbanOutcome o = await core.UnbanAsync(addresses, ct).ConfigureAwait(false);
                return o.Verified
                    ? $"removed {string.Join(", ", o.Removed)} (verified by re-reading over {o.Path})"
                    : $"removed [{string.Join(", ", o.Removed)}], still listed [{string.Join(", ", o.StillListed)}], not found [{string.Join(", ", o.NotFound)}]";
            },
            AllowFix = async ct =>
            {
                AllowListFixOutcome o = await core.FixAllowListAsync(ct).ConfigureAwait(false);
                return o.Verified ? $"allow-list complete (added {string.Join(", ", o.Added)}; verified over {o.Path})" : $"still missing {string.Join(", ", o.StillMissing)}";
            },
            FlushBans = async ct => (await core.FlushBansAsync(ct).ConfigureAwait(false)).Summary,
            ReloadCertificates = async ct =>
            {
                string path = await core.ReloadCertificatesAsync("from the TUI", ct).ConfigureAwait(false);
                return $"Stalwart reloaded its certificates (over {path}); F5 re-inspects the ports";
            },
            ProbePaths = [.. core.ProbePaths],
            Probe = core.ProbeAsync,
            EdgeProbeWarnings = core.EdgeProbeWarningsAsync,
            ProbePlan = core.ProbePlanAsync,
            ConfiguredKeyTestCredentials = config.Spaceship is not null ? () => core.ConfiguredKeyTestCredentials()! : null,
            KeyTest = config.Spaceship is not null ? (credentials, ct) => core.KeyTestAsync(credentials, ct) : null,
            KeyTestRefusedUntil = core.KeyTestRefusedUntil,
            BringUp = async (progress, ct) =>
            {
                BringUpResult result = await core.UpAsync(new BringUpOptions(), progress, ct).ConfigureAwait(false);
                return $"{result.Outcome}: {result.Message}";
            },
        };
    }
}
