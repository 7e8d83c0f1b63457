using Tailwart.Cli.Verbs;
using Tailwart.Core.Bans;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Probes;
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
        var logs = new LogRingBuffer(config.Logs.BufferLines, config.Logs.BufferMegabytes * 1024L * 1024L);
        StackServices stack = context.Stack(config);
        var feed = new LogFeed(stack.Docker, stack.Stack, stack.Services, logs, config.Logs.Tail, TimeProvider.System);
        CertsCheck certs = context.CertsCheck(config);
        // The CLI's guards over the same persisted ledgers: a TUI beside `tailwart probe` shares one budget.
        ProbeService probes = context.Probes();
        BudgetGuard keyTestGuard = context.KeyTestGuard();
        return new TuiBackend(logs)
        {
            FollowLogs = feed.RunAsync,
            LoadOlderLogs = feed.LoadOlderAsync,
            WatchServices = (apply, ct) => ServiceWatch.RunAsync(stack, apply, ct),
            Certs = ct => certs.RunAsync(context.Connectors(config).Values, token => context.StalwartLogAsync(config, token), ct),
            Bans = async ct =>
            {
                BansSnapshot snapshot = await BansServices.SnapshotAsync(context, config, ct).ConfigureAwait(false);
                return [.. BansServices.Lines(snapshot).Select(PresentedLine.Plain), PresentedLine.Plain(""), .. FindingPresenter.Present(snapshot.Findings)];
            },
            Checks = ct => Doctor.RunAsync(DoctorChecks.Build(context, config), ct),
            Unban = async (addresses, ct) =>
            {
                BanService service = await BansServices.CreateAsync(context, config, ct).ConfigureAwait(false);
                using var client = service.Client;
                UnbanOutcome o = await service.UnbanAsync(addresses, ct).ConfigureAwait(false);
                return o.Verified
                    ? $"removed {string.Join(", ", o.Removed)} (verified by re-reading over {o.Path})"
                    : $"removed [{string.Join(", ", o.Removed)}], still listed [{string.Join(", ", o.StillListed)}], not found [{string.Join(", ", o.NotFound)}]";
            },
            AllowFix = async ct =>
            {
                BanService service = await BansServices.CreateAsync(context, config, ct).ConfigureAwait(false);
                using var client = service.Client;
                AllowListFixOutcome o = await service.FixAllowListAsync(ct).ConfigureAwait(false);
                return o.Verified ? $"allow-list complete (added {string.Join(", ", o.Added)}; verified over {o.Path})" : $"still missing {string.Join(", ", o.StillMissing)}";
            },
            FlushBans = async ct =>
            {
                BanService service = await BansServices.CreateAsync(context, config, ct).ConfigureAwait(false);
                using var client = service.Client;
                var flush = new BanFlush(service, BansServices.GatedRestart(context, config), BansServices.Audit(context), TimeProvider.System, token => BansServices.DiagnoseAdminPortAsync(context, config, token));
                return (await flush.RunAsync(ct).ConfigureAwait(false)).Summary;
            },
            ReloadCertificates = async ct =>
            {
                BanService service = await BansServices.CreateAsync(context, config, ct).ConfigureAwait(false);
                using var client = service.Client;
                string path = await client.ReloadCertificatesAsync(ct).ConfigureAwait(false);
                BansServices.Audit(context).Write("certs.reload", $"reloaded over {path} (from the TUI)");
                return $"Stalwart reloaded its certificates (over {path}); F5 re-inspects the ports";
            },
            ProbePaths = [.. probes.Paths],
            Probe = probes.ProbeAsync,
            EdgeProbeWarnings = ct => ProbeVerb.AllowListWarningsAsync(context, ct),
            ConfiguredKeyTestCredentials = config.Spaceship is { } configured
                ? () => new KeyTestCredentials(context.ResolveSecret(config, "$.spaceship.apiKey", configured.ApiKey), context.ResolveSecret(config, "$.spaceship.apiSecret", configured.ApiSecret))
                : null,
            KeyTest = config.Spaceship is { } spaceship
                ? (credentials, ct) => new SpaceshipKeyTester(spaceship, config.Mail.Domain, keyTestGuard).TestAsync(credentials.Key, credentials.Secret, ct)
                : null,
            KeyTestRefusedUntil = () => keyTestGuard.RefusedUntil(SpaceshipKeyTester.LedgerKey),
            BringUp = async (progress, ct) =>
            {
                BringUpResult result = await stack.BringUp(new BringUpOptions()).RunAsync(progress, ct).ConfigureAwait(false);
                return $"{result.Outcome}: {result.Message}";
            },
        };
    }
}
