using Docker.DotNet.Models;
using Tailwart.Core.Docker;

namespace Tailwart.Tests.Docker;

public sealed class StackDiscoveryTests
{
    private static ContainerInspectResponse Container(string project, string service, string state = "running", string? health = null,
        long restarts = 0, string started = "2026-11-25T12:00:00.123456789Z", bool oneOff = false, string id = "")
    {
        var labels = new Dictionary<string, string>
        {
            [ComposeLabels.Project] = project,
            [ComposeLabels.Service] = service,
            [ComposeLabels.ConfigHash] = "abc123",
        };
        if (oneOff)
            labels[ComposeLabels.OneOff] = "True";
        return new ContainerInspectResponse
        {
            ID = id.Length > 0 ? id : $"{service}-{state}-0123456789abcdef",
            Name = $"/{project}_{service}_1",
            RestartCount = restarts,
            Config = new ContainerConfig { Labels = labels },
            State = new State { Status = state, Running = state == "running", StartedAt = started, ExitCode = state == "exited" ? 1 : 0, Health = health is null ? null : new Health { Status = health } },
            HostConfig = new HostConfig { NetworkMode = service == "stalwart" ? "container:abc" : "tailnet" },
            NetworkSettings = new NetworkSettings { Networks = new Dictionary<string, EndpointSettings> { ["tailnet"] = new() { IPAddress = service == "stalwart" ? "" : "100.100.1.2" } } },
        };
    }

    [Fact]
    public void Containers_are_found_by_compose_labels_whichever_flavour_named_them()
    {
        var stack = StackDiscovery.Build("mail", ["ts-stalwart", "stalwart"],
        [
            Container("mail", "ts-stalwart", health: "healthy", restarts: 2),
            Container("mail", "stalwart", state: "exited"),
            Container("other", "stalwart"),
        ]);

        Assert.Empty(stack.Missing);
        var sidecar = stack.Find("ts-stalwart")!;
        Assert.Equal("healthy", sidecar.Health);
        Assert.Equal(2, sidecar.RestartCount);
        Assert.Equal("100.100.1.2", sidecar.TailnetIp);
        Assert.Equal("mail_ts-stalwart_1", sidecar.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), sidecar.StartedAt!.Value.AddTicks(-sidecar.StartedAt.Value.Ticks % TimeSpan.TicksPerSecond));
        var stalwart = stack.Find("stalwart")!;
        Assert.Equal("exited", stalwart.State);
        Assert.Equal(1, stalwart.ExitCode);
        Assert.Equal("none", stalwart.Health);
        Assert.Null(stalwart.TailnetIp);
        Assert.Equal("container:abc", stalwart.NetworkMode);
    }

    [Fact]
    public void A_configured_service_without_a_container_is_named_missing()
    {
        var stack = StackDiscovery.Build("mail", ["ts-stalwart", "stalwart"], [Container("mail", "ts-stalwart")]);

        Assert.Equal(["stalwart"], stack.Missing);
        Assert.Null(stack.Find("stalwart"));
    }

    [Fact]
    public void One_off_run_containers_are_ignored_and_the_running_one_wins()
    {
        var stack = StackDiscovery.Build("mail", ["stalwart"],
        [
            Container("mail", "stalwart", state: "running", oneOff: true, id: "oneoff"),
            Container("mail", "stalwart", state: "exited", id: "old"),
            Container("mail", "stalwart", state: "running", id: "current"),
        ]);

        Assert.Equal("current", stack.Find("stalwart")!.Id);
    }

    [Fact]
    public void A_container_that_never_started_has_no_start_time()
    {
        Assert.Null(StackDiscovery.ParseDockerTime("0001-01-01T00:00:00Z"));
        Assert.Null(StackDiscovery.ParseDockerTime(null));
        Assert.NotNull(StackDiscovery.ParseDockerTime("2026-11-25T12:00:00.5Z"));
    }
}
