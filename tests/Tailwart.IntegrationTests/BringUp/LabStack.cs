using System.Net;
using Tailwart.Core;
using Tailwart.Core.BringUp;
using Tailwart.Core.Guards;
using Tailwart.Core.State;
using Tailwart.Core.Config;
using Tailwart.Core.Secrets;
using Tailwart.IntegrationTests.Standins;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.BringUp;

/// <summary>tailwart's Core services wired from tests/lab/tailwart.lab.json, as the CLI wires them.</summary>
internal static class LabStack
{
    public static StackServices Create(LabEnvironment lab, string dockerSocket = Core.Docker.DockerClientFactory.SocketPath)
    {
        var result = new ConfigLoader(() => []).Load(lab.ConfigPath);
        Assert.False(result.HasErrors, string.Join("\n", result.Problems));
        var config = result.Config!;
        var password = new SecretResolver(new Redactor()).Resolve(config.Postgres.Password, "$.postgres.password", Path.GetDirectoryName(config.SourcePath)!);
        return new StackServices(config, password, socketPath: dockerSocket);
    }

    /// <summary>The facade over the lab's config, as the CLI builds it; its state (ledgers, audit) under <paramref name="stateDirectory"/>.</summary>
    public static TailwartCore CreateCore(LabEnvironment lab, string stateDirectory)
    {
        var result = new ConfigLoader(() => []).Load(lab.ConfigPath);
        Assert.False(result.HasErrors, string.Join("\n", result.Problems));
        var redactor = new Redactor();
        return new TailwartCore(result.Config!, new StatePaths(stateDirectory), TimeProvider.System, new SecretResolver(redactor), redactor, new ReadOnlyPolicy(false));
    }

    /// <summary>
    /// Recreates the sidecar with lesson 1's naive healthcheck (tailnet IP only), so it turns healthy
    /// while the route is broken and tailwart's gate, not compose's healthcheck, is what holds
    /// Stalwart back. Stalwart is left pointing at the old sidecar (tailwart recreates it).
    /// </summary>
    public static async Task UseNaiveSidecarAsync(LabEnvironment lab) =>
        (await lab.ComposeAsync(["up", "--no-start", "--no-deps", "--force-recreate", lab.Config.SidecarService], ["naive.override.yml"]))
            .EnsureSuccess("recreate the sidecar with naive.override.yml");

    /// <summary>
    /// The naive sidecar with Stalwart already created in its netns (as `up` leaves the lab), both
    /// stopped: a clean "before bring-up" box whose gate latency has no recreate in it.
    /// </summary>
    public static async Task PrepareNaiveStackAsync(LabEnvironment lab)
    {
        await UseNaiveSidecarAsync(lab);
        string[] naive = ["naive.override.yml"];
        (await lab.ComposeAsync(["start", lab.Config.SidecarService], naive)).EnsureSuccess("start the naive sidecar");
        (await lab.ComposeAsync(["up", "--no-start", "--no-deps", "--force-recreate", lab.Config.StalwartService], naive)).EnsureSuccess("create Stalwart in the sidecar's netns");
        (await lab.ComposeAsync(["stop", "-t", "1", lab.Config.SidecarService], naive)).EnsureSuccess("stop the sidecar");
    }

    /// <summary>The whole lab stack up (compose up -d) with Stalwart's API in <paramref name="generation"/>, once the admin API answers.</summary>
    public static async Task UpWithApiAsync(LabEnvironment lab, string generation = "0.15")
    {
        await lab.FaultAsync("api-" + generation, on: true);
        (await lab.ComposeAsync(["up", "-d"], timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("compose up -d");
        await LabEnvironment.WaitUntilAsync("Stalwart's admin API to answer", async _ =>
            (await WireClient.HttpAsync(IPAddress.Loopback, lab.Config.StalwartAdminUrl.Port, "GET", "/healthz/live"))?.Status == 200, TimeSpan.FromSeconds(40));
    }

    public static BringUpOptions Options(TimeSpan route) => new()
    {
        SidecarHealthyDeadline = TimeSpan.FromSeconds(60),
        RouteDeadline = route,
        StalwartVerifyDeadline = TimeSpan.FromSeconds(45),
        StableWindow = TimeSpan.FromSeconds(3),
    };
}
