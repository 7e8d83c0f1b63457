using System.Collections.Concurrent;
using Tailwart.Core;
using Tailwart.Core.BringUp;
using Tailwart.Core.Docker;
using Tailwart.Core.Waiting;
using Tailwart.Tui.Panes;

namespace Tailwart.Cli;

/// <summary>
/// Keeps the services list current from Docker's event stream (no polling): each service is
/// watched, and when the sidecar (re)starts the route is checked once, so the list shows the
/// route level reached. A lost stream (daemon restart) is picked up again after a pause.
/// </summary>
public static class ServiceWatch
{
    /// <summary>The pause before the watch looks again after Docker trouble.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(TailwartCore stack, Action<IReadOnlyList<ServiceRow>> apply, CancellationToken ct)
    {
        var latest = new ConcurrentDictionary<string, ContainerSnapshot>(StringComparer.Ordinal);
        string? route = null;
        void Publish() => apply(stack.Services.Select(s => latest.TryGetValue(s, out var c) ? Row(c, s == stack.Config.Services.Sidecar ? route : null) : new ServiceRow(s, "missing", "-", "-", 0, null)).ToList());

        await Task.WhenAll(stack.Services.Select(async service =>
        {
            var pause = new Backoff(Pause, Pause, stack.Time);
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await foreach (ContainerSnapshot c in stack.WatchAsync(service, ct).ConfigureAwait(false))
                    {
                        bool sidecarStarted = service == stack.Config.Services.Sidecar && c.IsRunning && (!latest.TryGetValue(service, out var before) || before.StartedAt != c.StartedAt);
                        latest[service] = c;
                        Publish();
                        if (sidecarStarted)
                        {
                            RouteCheck check = await stack.VerifyRouteAsync(ct).ConfigureAwait(false);
                            route = check.IsVerified ? "login verified" : $"{check.Level} ({check.Failure})";
                            Publish();
                        }
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
        })).ConfigureAwait(false);
    }

    private static ServiceRow Row(ContainerSnapshot c, string? route)
    {
        // A start time stays true without redrawing every second (an idle TUI draws nothing).
        string uptime = c.IsRunning && c.StartedAt is { } started ? "since " + started.ToUniversalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z" : "-";
        return new ServiceRow(c.Service, c.State, string.IsNullOrEmpty(c.Health) ? "-" : c.Health, uptime, (int)c.RestartCount, route);
    }
}
