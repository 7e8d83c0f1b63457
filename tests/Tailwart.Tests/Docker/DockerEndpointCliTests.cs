using Tailwart.Core.Config;
using Tailwart.Core.Docker;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Docker;

/// <summary>The endpoint the user set reaches both the API client and the compose CLI, and failures name it.</summary>
[Collection(ProcessPathSerial.Name)]
public sealed class DockerEndpointCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("status")]
    [InlineData("up")]
    public async Task A_wrong_DOCKER_HOST_exits_2_naming_it_instead_of_reading_the_local_daemon(string verb)
    {
        string config = _dir.Write("c.json", Configs.Valid());
        var env = new Dictionary<string, string>(Configs.SecretEnvironment) { ["DOCKER_HOST"] = "unix:///tmp/tw-none-" + Guid.NewGuid().ToString("N") + ".sock" };

        var run = await CliRun.InvokeAsync(_dir.Path, env, false, null, verb, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(env["DOCKER_HOST"] + " (from DOCKER_HOST)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ssh_DOCKER_HOST_is_refused_with_exit_2_and_json_under_json()
    {
        string config = _dir.Write("c.json", Configs.Valid());
        var env = new Dictionary<string, string>(Configs.SecretEnvironment) { ["DOCKER_HOST"] = "ssh://admin@edge" };

        var run = await CliRun.InvokeAsync(_dir.Path, env, false, null, "status", "--json", "--config", config);

        Assert.Equal(2, run.ExitCode);
        var error = System.Text.Json.Nodes.JsonNode.Parse(run.Out)!;
        Assert.Contains("ssh:// Docker endpoints are not supported", error["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_runs_with_the_endpoint_in_DOCKER_HOST_and_no_DOCKER_CONTEXT()
    {
        // given: a stand-in docker-compose first on PATH that records the variables it was given
        string bin = Directory.CreateDirectory(Path.Combine(_dir.Path, "bin")).FullName;
        string seen = Path.Combine(_dir.Path, "seen");
        _dir.Write("bin/docker-compose", $"#!/bin/sh\necho \"host=$DOCKER_HOST context=${{DOCKER_CONTEXT-unset}}\" > '{seen}'\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _dir.Write("project/docker-compose.yml", "services: {}\n");
        string project = Path.Combine(_dir.Path, "project");
        var endpoint = DockerEndpoint.Unix("/tmp/elsewhere.sock", "DOCKER_HOST");
        var compose = new ComposeCli(new ComposeSettings { ProjectDirectory = project, Files = ["docker-compose.yml"], Command = "v1" }, project, endpoint: endpoint);
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";

        // when: the parent has a context set that would point compose elsewhere
        Environment.SetEnvironmentVariable("PATH", bin + ":" + path);
        Environment.SetEnvironmentVariable("DOCKER_CONTEXT", "other");
        try
        {
            await compose.CreateAsync(["stalwart"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            Environment.SetEnvironmentVariable("DOCKER_CONTEXT", null);
        }

        // then
        Assert.Equal("host=unix:///tmp/elsewhere.sock context=unset", File.ReadAllText(seen).Trim());
    }

    [Fact]
    public async Task A_compose_failure_names_the_endpoint()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_dir.Path, "bin")).FullName;
        _dir.Write("bin/docker-compose", "#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _dir.Write("project/docker-compose.yml", "services: {}\n");
        string project = Path.Combine(_dir.Path, "project");
        var compose = new ComposeCli(new ComposeSettings { ProjectDirectory = project, Files = ["docker-compose.yml"], Command = "v1" }, project, endpoint: DockerEndpoint.Unix("/tmp/elsewhere.sock", "DOCKER_HOST"));
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";

        Environment.SetEnvironmentVariable("PATH", bin + ":" + path);
        Core.UserFacingException e;
        try
        {
            e = await Assert.ThrowsAsync<Core.UserFacingException>(() => compose.CreateAsync(["stalwart"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }

        Assert.Contains("against unix:///tmp/elsewhere.sock (from DOCKER_HOST)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot connect to the Docker daemon", e.Message, StringComparison.Ordinal);
    }
}
