using Docker.DotNet.Models;
using Tailwart.Core.Config;
using Tailwart.Core.Docker;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.BringUp;

/// <summary>
/// docker-compose v1 creates a container (`up --no-start`) on its first network only; tailwart
/// starts it through the Docker API, so it must attach the others itself, as compose would (the
/// lab's edge once ran without its WAN network). A project of its own, with the lab's sidecar image
/// (no registry here), so the lab's stack is not touched.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class ComposeNetworksStartTests(LabFixture fixture) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-compose-nets-").FullName;
    private readonly string _project = $"twnets{Guid.NewGuid():N}"[..14];

    public Task InitializeAsync()
    {
        _ = fixture.Lab; // the lab's images exist
        File.WriteAllText(Path.Combine(_dir, "docker-compose.yml"), """
            version: "3.8"
            services:
              two:
                image: tailwart-lab/ts-sidecar:latest
                entrypoint: ["sleep", "300"]
                networks:
                  a:
                    aliases: [extra]
                  b:
                    ipv4_address: 10.251.77.10
            networks:
              a: {}
              b:
                ipam:
                  config: [{subnet: 10.251.77.0/24}]
            """);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await LabEnvironment.RunAsync("docker-compose", ["-p", _project, "--project-directory", _dir, "-f", Path.Combine(_dir, "docker-compose.yml"), "down", "-t", "1"], null, TimeSpan.FromSeconds(60));
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_container_compose_created_is_started_on_every_network_with_its_aliases_and_address()
    {
        // given: compose (v1 here) created the container without starting it
        var compose = new ComposeCli(new ComposeSettings { ProjectDirectory = _dir, ProjectName = _project, Files = ["docker-compose.yml"] }, _dir);
        using var docker = DockerClientFactory.Create(DockerClientFactory.SocketPath);
        var stack = new DockerStackControl(docker, new StackDiscovery(docker, _project, ["two"]), compose, _project);
        await stack.CreateAsync(["two"]);
        var created = (await stack.DiscoverAsync()).Find("two")!;

        // when: tailwart starts it through the API
        await stack.StartAsync(created.Id);

        // then: on both networks, as `compose up` would have put it
        ContainerInspectResponse c = await docker.Containers.InspectContainerAsync(created.Id);
        var networks = c.NetworkSettings!.Networks!;
        Assert.True(networks.ContainsKey($"{_project}_a") && networks.ContainsKey($"{_project}_b"), $"attached to: {string.Join(", ", networks.Keys)}");
        Assert.Contains("extra", networks[$"{_project}_a"].Aliases ?? []);
        Assert.Contains("two", networks[$"{_project}_b"].Aliases ?? []);
        Assert.Equal("10.251.77.10", networks[$"{_project}_b"].IPAddress);
        Assert.True(c.State!.Running);
    }
}
