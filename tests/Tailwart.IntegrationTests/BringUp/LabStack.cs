using Tailwart.Core.BringUp;
using Tailwart.Core.Config;
using Tailwart.Core.Secrets;
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

    public static BringUpOptions Options(TimeSpan route) => new()
    {
        SidecarHealthyDeadline = TimeSpan.FromSeconds(60),
        RouteDeadline = route,
        StalwartVerifyDeadline = TimeSpan.FromSeconds(45),
        StableWindow = TimeSpan.FromSeconds(3),
    };
}
