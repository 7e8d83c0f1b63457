using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Tailwart.IntegrationTests.Lab;
using Tailwart.IntegrationTests.Support;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Docker;

/// <summary>
/// `tailwart status` honours DOCKER_HOST as the docker CLI does: through a second unix socket
/// forwarded to the lab's daemon it sees the lab's containers (and the requests really went through
/// that socket), and a DOCKER_HOST naming nothing is exit 2 naming it, not a silent read of the local daemon.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DockerHostLabTests(LabFixture fixture)
{
    private readonly LabEnvironment _lab = fixture.Lab;

    [Fact]
    public async Task Status_reads_the_daemon_through_the_socket_DOCKER_HOST_names()
    {
        // given: the sidecar running, and a second socket forwarded to dockerd
        await _lab.StartServiceAsync(_lab.Config.SidecarService);
        await using var proxy = DockerSocketProxy.Start();
        try
        {
            // when
            var run = await StatusAsync("unix://" + proxy.Path);

            // then: the sidecar's container, read over the forwarded socket
            Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.StandardError}");
            var report = JsonNode.Parse(run.StandardOutput)!;
            Assert.Equal(_lab.Config.ComposeProjectName, report["project"]!.GetValue<string>());
            var sidecar = report["services"]!.AsArray().Single(s => s!["service"]!.GetValue<string>() == _lab.Config.SidecarService)!;
            Assert.Equal("running", sidecar["state"]!.GetValue<string>());
            Assert.True(proxy.Accepted > 0, "no request went through the DOCKER_HOST socket");
        }
        finally
        {
            await _lab.ResetStackAsync();
        }
    }

    [Fact]
    public async Task A_DOCKER_HOST_naming_no_socket_is_exit_2_naming_it()
    {
        string host = $"unix:///tmp/tw-none-{Guid.NewGuid():N}.sock";

        var run = await StatusAsync(host);

        Assert.Equal(2, run.ExitCode);
        // --json: the error is the JSON document on stdout
        Assert.Contains(host + " (from DOCKER_HOST)", JsonNode.Parse(run.StandardOutput)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<BufferedCommandResult> StatusAsync(string dockerHost)
    {
        string state = Directory.CreateTempSubdirectory("tailwart-dockerhost-").FullName;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            return await CliWrap.Cli.Wrap(Path.Combine(AppContext.BaseDirectory, "tailwart"))
                .WithArguments(["--config", _lab.ConfigPath, "status", "--json"])
                .WithEnvironmentVariables(e => e.Set("HOME", state).Set("XDG_STATE_HOME", state).Set("DOCKER_HOST", dockerHost))
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
