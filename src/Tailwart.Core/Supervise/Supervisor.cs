using System.Threading.Channels;
using Tailwart.Core.BringUp;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;
using Tailwart.Core.Waiting;

namespace Tailwart.Core.Supervise;

/// <summary>
/// `tailwart supervise`: holds the gate when nobody is logged in. At start (the box booted, dockerd
/// restarted) it looks at the stack and, if Stalwart started into the race, sits in a stale netns or
/// is down, runs the gated bring-up; then it follows Docker's events and does the same after each
/// burst (a sidecar restart or recreate, Stalwart dying, dockerd's own restart of it). Every repair
/// holds the box's actor lock and is paced by a back-off; dockerd going away is survived by
/// reconnecting with a back-off and reading the stack afresh. Each decision is reported once
/// (<see cref="SupervisorDecision"/>): the audit log, the state file, the verb's output, the notifier.
/// </summary>
internal sealed class Supervisor(ISupervisedStack stack, SuperviseOptions options, TimeProvider time, Action<SupervisorDecision> report)
{
    private readonly Backoff _repairPause = new(options.RepairBackoffFirst, options.RepairBackoffMax, time);
    private DateTimeOffset? _lastRepair;

    /// <summary>Repairs run so far (for tests and the state file).</summary>
    public int Repairs { get; private set; }

    /// <summary>Runs until <paramref name="ct"/> is cancelled (SIGTERM), then reports <see cref="DecisionKind.Stopped"/> and returns.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var reconnect = new Backoff(options.ReconnectFirst, options.ReconnectMax, time);
        bool lost = false;
        string why = "supervise started";
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await stack.PingAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (IsDockerGone(e, ct))
                {
                    if (!lost)
                        Report(DecisionKind.DockerLost, $"dockerd does not answer ({e.Message})", "reconnecting with back-off", $"next try in {reconnect.Next.TotalSeconds:0.#} s");
                    lost = true;
                    if (!await reconnect.PauseAsync(ct).ConfigureAwait(false))
                        break;
                    continue;
                }
                if (lost)
                {
                    Report(DecisionKind.DockerBack, "dockerd answers again", "re-reading the stack", "subscribed to its events");
                    why = "dockerd came back";
                }
                lost = false;
                reconnect.Reset();
                try
                {
                    await FollowAsync(why, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (IsDockerGone(e, ct))
                {
                    Report(DecisionKind.DockerLost, e.Message, "reconnecting with back-off", $"next try in {reconnect.Next.TotalSeconds:0.#} s");
                    lost = true;
                    if (!await reconnect.PauseAsync(ct).ConfigureAwait(false))
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        Report(DecisionKind.Stopped, "a stop signal", "stopped following Docker's events", $"{Repairs} repair(s) in this run; nothing left half-done outside the gate");
    }

    /// <summary>Subscribes first (nothing between the look and the subscription is missed), looks, then acts on each burst of events.</summary>
    private async Task FollowAsync(string why, CancellationToken ct)
    {
        var events = Channel.CreateBounded<StackEvent>(new BoundedChannelOptions(512) { FullMode = BoundedChannelFullMode.DropOldest });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task pump = PumpAsync(events.Writer, stop.Token);
        try
        {
            await ReconcileAsync(why, new RepairTimeline(time), ct).ConfigureAwait(false);
            Discard(events.Reader); // effects of what it just did, already verified
            while (true)
            {
                TimeSpan? recheck = _watching ? options.Recheck : null;
                bool got = await WaitForEventAsync(events.Reader, recheck, ct).ConfigureAwait(false);
                if (!got)
                {
                    await ReconcileAsync("looking again at what it was watching", new RepairTimeline(time), ct).ConfigureAwait(false);
                    Discard(events.Reader);
                    continue;
                }
                DateTimeOffset received = time.GetUtcNow();
                var burst = new List<StackEvent>();
                Drain(events.Reader, burst);
                if (burst.Count == 0)
                    continue;
                var timeline = new RepairTimeline(time, burst[0], received);
                if (options.Settle > TimeSpan.Zero)
                {
                    await SettleAsync(events.Reader, burst, ct).ConfigureAwait(false);
                    timeline.Lap("settle");
                }
                var relevant = burst.Where(e => SuperviseRules.IsRelevant(e, stack.Services)).ToList();
                if (relevant.Count == 0)
                    continue;
                string trigger = "Docker events: " + string.Join(", ", relevant.Take(8).Select(e => $"{e.Service} {e.Action}"));
                await ReconcileAsync(trigger, timeline, ct).ConfigureAwait(false);
                Discard(events.Reader);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>
    /// Collects the rest of a burst until it has been quiet for <see cref="SuperviseOptions.Settle"/>
    /// (at most <see cref="SuperviseOptions.SettleMax"/>); while the sidecar is seen going down with
    /// no start after it, until its start, up to <see cref="SuperviseOptions.SidecarRestartWait"/>;
    /// once its start has come after that, only <see cref="SuperviseOptions.SidecarStartSettle"/>
    /// (the route gate that follows waits for its tailnet anyway, and every 0.1 s here is 0.1 s of
    /// the repair's latency).
    /// </summary>
    private async Task SettleAsync(ChannelReader<StackEvent> reader, List<StackEvent> burst, CancellationToken ct)
    {
        long began = time.GetTimestamp();
        while (true)
        {
            TimeSpan elapsed = time.GetElapsedTime(began);
            TimeSpan window = SuperviseRules.SidecarBackUp(burst, stack.Services) ? options.SidecarStartSettle : options.Settle;
            TimeSpan quiet = SuperviseRules.SidecarGoingDown(burst, stack.Services)
                ? options.SidecarRestartWait - elapsed
                : TimeSpan.FromTicks(Math.Min(window.Ticks, (options.SettleMax - elapsed).Ticks));
            if (quiet <= TimeSpan.Zero)
                return;
            if (!await WaitForEventAsync(reader, quiet, ct).ConfigureAwait(false))
                return;
            Drain(reader, burst);
        }
    }

    private bool _watching;

    /// <summary>Looks (Docker's view, then the diagnosis if that did not decide), decides, acts (under the actor lock, paced), and reports the result.</summary>
    private async Task ReconcileAsync(string trigger, RepairTimeline timeline, CancellationToken ct)
    {
        SupervisorAction action;
        string saw;
        // Docker's view first: a stale netns or a Stalwart that is down needs the gated repair whatever
        // the diagnosis would add, and the diagnosis's probes cost seconds before it decides
        StackSnapshot seen = await stack.DiscoverAsync(ct).ConfigureAwait(false);
        string? quick = SuperviseRules.QuickRepair(seen, stack.Services) ?? SuperviseRules.QuickDown(seen, stack.Services);
        timeline.Lap("quick look");
        if (quick is not null)
            (action, saw) = (SupervisorAction.Repair, quick);
        else
        {
            StackDiagnosisResult diagnosis = await stack.DiagnoseAsync(ct).ConfigureAwait(false);
            timeline.Lap("diagnosis");
            (action, saw) = SuperviseRules.Decide(diagnosis);
        }
        _watching = action == SupervisorAction.Watch;
        switch (action)
        {
            case SupervisorAction.Nothing:
                Report(DecisionKind.Healthy, $"{trigger}: {saw}", "nothing", "no change");
                return;
            case SupervisorAction.Watch:
                Report(DecisionKind.Watching, $"{trigger}: {saw}", $"looking again in {options.Recheck.TotalSeconds:0} s", "no change");
                return;
        }
        await PaceAsync(saw, ct).ConfigureAwait(false);
        timeline.Lap("back-off");
        Repairs++;
        _lastRepair = time.GetUtcNow();
        BringUpResult result;
        bool waited = false;
        using (await stack.LockAsync("supervise: gated repair", holder =>
        {
            waited = true;
            Report(DecisionKind.BackingOff, $"{trigger}: {saw}", $"waiting for the stack's actor lock, held by {holder}", "repair deferred");
        }, ct).ConfigureAwait(false))
        {
            timeline.Lap("actor lock");
            // looked at again under the lock only when another actor (up, the TUI) held it: it may have
            // repaired the stack meanwhile. Otherwise the look a moment ago stands (a second one costs up
            // to the probe bound on a Stalwart in a dead netns, 8 s of the repair's latency in the lab).
            var again = waited ? SuperviseRules.Decide(await stack.DiagnoseAsync(ct).ConfigureAwait(false)).Action : SupervisorAction.Repair;
            if (again != SupervisorAction.Repair)
            {
                Report(DecisionKind.Healthy, $"{trigger}: {saw}", "nothing: under the lock the stack no longer needs it (another actor repaired it?)", "no change");
                return;
            }
            try
            {
                result = await stack.BringUpAsync(options.BringUp, ct).ConfigureAwait(false);
                timeline.Steps(result);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not StackEventsLostException)
            {
                _watching = true;
                timeline.Lap("bring-up");
                Report(DecisionKind.RepairFailed, $"{trigger}: {saw}", "gated bring-up", $"it could not run: {e.Message} (timeline: {timeline})");
                return;
            }
        }
        bool verified = result.Outcome == BringUpOutcome.Verified;
        if (!verified)
            _watching = true; // look again after the recheck pause; the next repair is paced by the back-off
        Report(verified ? DecisionKind.Repaired : DecisionKind.RepairFailed, $"{trigger}: {saw}",
            "gated bring-up (Stalwart (re)started only after a verified PostgreSQL login from the sidecar's netns)",
            $"{result.Outcome}: {result.Message}{(result.RouteVerifiedAt is { } r ? $" (route verified {r:HH:mm:ss.fff}Z" + (result.StalwartStartedAt is { } s ? $", Stalwart started {s:HH:mm:ss.fff}Z)" : ")") : "")}; timeline: {timeline}");
    }

    /// <summary>
    /// The back-off between repairs that follow each other: the first repair (or one after a quiet
    /// period) runs at once, each next one waits the back-off's pause (5, 10, 20 s… to the cap).
    /// </summary>
    private async Task PaceAsync(string saw, CancellationToken ct)
    {
        if (_lastRepair is not { } last || time.GetUtcNow() - last >= options.QuietPeriod)
        {
            _repairPause.Reset();
            return;
        }
        Report(DecisionKind.BackingOff, saw, $"waiting {_repairPause.Next.TotalSeconds:0.#} s before the next repair (repair {Repairs + 1}; the last began {(time.GetUtcNow() - last).TotalSeconds:0.#} s ago)", "repair deferred");
        if (!await _repairPause.PauseAsync(ct).ConfigureAwait(false))
            ct.ThrowIfCancellationRequested();
    }

    private async Task PumpAsync(ChannelWriter<StackEvent> writer, CancellationToken ct)
    {
        try
        {
            // only lifecycle events reach the burst: an exec or health event (the sidecar's healthcheck
            // every 5 s, the gate's and any monitor's docker exec) would otherwise restart the settle's
            // quiet window, and did: 1.7 s of settle after a sidecar restart, 2026-12-02 lab run
            await foreach (StackEvent e in stack.EventsAsync(ct).ConfigureAwait(false))
            {
                if (SuperviseRules.IsRelevant(e, stack.Services))
                    writer.TryWrite(e);
            }
            writer.TryComplete(new StackEventsLostException("Docker's event stream ended"));
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    /// <summary>True when an event came; false when <paramref name="recheck"/> passed first. A dropped stream throws.</summary>
    private async Task<bool> WaitForEventAsync(ChannelReader<StackEvent> reader, TimeSpan? recheck, CancellationToken ct)
    {
        if (recheck is null)
            return await WaitAsync(reader, ct).ConfigureAwait(false);
        using var delay = new CancellationTokenSource(recheck.Value, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, delay.Token);
        try
        {
            return await WaitAsync(reader, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> WaitAsync(ChannelReader<StackEvent> reader, CancellationToken ct)
    {
        if (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            return true;
        await reader.Completion.ConfigureAwait(false); // throws what ended the stream
        throw new StackEventsLostException("Docker's event stream ended");
    }

    private static void Drain(ChannelReader<StackEvent> reader, List<StackEvent> into)
    {
        while (reader.TryRead(out var e))
            into.Add(e);
    }

    private static void Discard(ChannelReader<StackEvent> reader)
    {
        while (reader.TryRead(out _))
        {
        }
    }

    private void Report(DecisionKind kind, string saw, string did, string result) =>
        report(new SupervisorDecision(time.GetUtcNow(), kind, saw, did, result));

    private static bool IsDockerGone(Exception e, CancellationToken ct) => !ct.IsCancellationRequested
        && e is StackEventsLostException or HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException or global::Docker.DotNet.DockerApiException or UserFacingException
            or OperationCanceledException;
}
