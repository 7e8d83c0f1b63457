using System.Collections.Concurrent;
using Tailwart.Core;
using Tailwart.Core.Checks;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;
using Tailwart.Core.Logs;
using Tailwart.Core.Waiting;
using Tailwart.Tui.Panes;

namespace Tailwart.Cli;

/// <summary>
/// Keeps the services list current from Docker's event stream (no polling of Docker): each service
/// is watched, and after a change (coalesced) the stack diagnosis runs, the same one `status` and the
/// doctor use, so the list shows the route level reached and what is wrong with each service (a
/// stale netns after a sidecar restart shows at once). A store can break without a Docker event, but
/// not without Stalwart saying so in its log, which the Logs pane already follows: a warning or error
/// line from Stalwart also runs the diagnosis (at most once per <see cref="LogTriggerEvery"/>). The
/// full re-check every <see cref="RefreshEvery"/> is the backstop for what neither shows. It was every
/// 60 s: one diagnosis (discover, route login from the netns, docker exec, Stalwart's log since its
/// start, a store read) cost more CPU than the idle budget of 0.2 % of a core allows per minute
/// (issue 18). A lost stream (daemon restart) is picked up again after a pause.
/// </summary>
public static class ServiceWatch
{
    internal static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often Stalwart's own warnings may run the diagnosis: a chatty failure (or a warning the
    /// diagnosis's own reads cause) runs it at most as often as the old fixed refresh did.
    /// </summary>
    internal static readonly TimeSpan LogTriggerEvery = TimeSpan.FromSeconds(60);

    /// <summary>The pause before the watch looks again after Docker trouble.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    /// <summary>How long a burst of events settles before the one diagnosis it causes.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    /// <param name="logs">The Logs pane's buffer, whose Stalwart warnings run the diagnosis; null: Docker events and the re-check only.</param>
    public static async Task RunAsync(TailwartCore stack, Action<IReadOnlyList<ServiceRow>> apply, CancellationToken ct, LogRingBuffer? logs = null)
    {
        var latest = new ConcurrentDictionary<string, ContainerSnapshot>(StringComparer.Ordinal);
        StackDiagnosisResult? diagnosis = null;
        DiagnosisOptions options = stack.DiagnosisOptions;
        using var changed = new SemaphoreSlim(0, 1);
        void Poke()
        {
            if (changed.CurrentCount == 0)
            {
                try { changed.Release(); } catch (SemaphoreFullException) { }
            }
        }
        Action<LogLine> onLogLine = new StalwartWarningTrigger(options.StalwartService, LogTriggerEvery, stack.Time, Poke).OnLine;
        if (logs is not null)
            logs.LineAdded += onLogLine;
        void Publish()
        {
            var seen = diagnosis;
            apply(stack.Services.Select(s => (latest.TryGetValue(s, out var c) ? Row(c, s == stack.Config.Services.Sidecar ? Route(seen) : null) : new ServiceRow(s, "missing", "-", "-", 0, null))
                with { Diagnosis = Problem(seen, s, options) }).ToList());
        }

        var watches = stack.Services.Select(async service =>
        {
            var pause = new Backoff(Pause, Pause, stack.Time);
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await foreach (ContainerSnapshot c in stack.WatchAsync(service, ct).ConfigureAwait(false))
                    {
                        latest[service] = c;
                        Publish();
                        Poke();
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // Docker trouble must not end the watch: it retries, the list shows the last known state.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
                if (!await pause.PauseAsync(ct).ConfigureAwait(false))
                    return;
            }
        }).ToList();
        watches.Add(Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await Wait.SignalledAsync(changed, RefreshEvery, stack.Time, ct).ConfigureAwait(false);
                    // let a burst of events (a restart is stop, die, start…) settle into one look
                    if (!await Wait.PauseAsync(Settle, stack.Time, ct).ConfigureAwait(false))
                        return;
                    diagnosis = await stack.DiagnoseAsync(ct).ConfigureAwait(false);
                    Publish();
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // a failed look keeps the last one on screen; the next change or refresh looks again
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }, ct));
        try
        {
            await Task.WhenAll(watches).ConfigureAwait(false);
        }
        finally
        {
            if (logs is not null)
                logs.LineAdded -= onLogLine;
        }
    }

    private static string? Route(StackDiagnosisResult? d) => d?.Evidence.Route is not { } check ? null
        : check.IsVerified ? "login verified" : $"{check.Level} ({check.Failure})";

    private static string? Problem(StackDiagnosisResult? d, string service, DiagnosisOptions options)
    {
        if (d is null)
            return null;
        var mine = d.For(service, options).Where(f => f.Severity >= Severity.Warning).ToList();
        return mine.Count == 0 ? null : string.Join("; ", mine.Select(f => $"{f.Title} [{f.Id}]"));
    }

    private static ServiceRow Row(ContainerSnapshot c, string? route)
    {
        // A start time stays true without redrawing every second (an idle TUI draws nothing).
        string uptime = c.IsRunning && c.StartedAt is { } started ? "since " + started.ToUniversalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z" : "-";
        return new ServiceRow(c.Service, c.State, string.IsNullOrEmpty(c.Health) ? "-" : c.Health, uptime, (int)c.RestartCount, route);
    }
}
