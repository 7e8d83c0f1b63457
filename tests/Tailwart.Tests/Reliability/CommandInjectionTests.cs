using Tailwart.Core.Config;
using Tailwart.Core.Docker;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>Issue 10 item 5: a service name with shell metacharacters cannot inject anything.</summary>
[Trait("Category", "Reliability")]
[Collection(ProcessPathSerial.Name)]
public sealed class CommandInjectionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Hostile() =>
        ["stalwart; touch /tmp/tailwart-pwned", "$(touch /tmp/tailwart-pwned)", "`id`", "a|b", "a && b", "a\nb", "-f /etc/passwd", "--project-directory=/", "a b", "stal'wart", "x>y"];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task The_schema_refuses_a_service_name_with_shell_metacharacters_and_names_its_path(string name)
    {
        // given
        string config = _dir.Write("c.json", Configs.Valid(root => root["services"]!["stalwart"] = name));

        // when
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "config", "check", "--config", config);

        // then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$.services.stalwart", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_gets_each_hostile_argument_as_one_literal_argument_and_no_shell_runs_it()
    {
        // given: a stand-in docker-compose first on PATH that records its argv, NUL-separated
        string bin = Directory.CreateDirectory(Path.Combine(_dir.Path, "bin")).FullName;
        string argv = Path.Combine(_dir.Path, "argv");
        string marker = Path.Combine(_dir.Path, "pwned");
        _dir.Write("bin/docker-compose", $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > '{argv}'\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _dir.Write("project/docker-compose.yml", "services: {}\n");
        string[] services = [$"stalwart; touch {marker}", $"$(touch {marker})", $"`touch {marker}`", "a b", "x|y", "-f"];
        var compose = new ComposeCli(new ComposeSettings { ProjectDirectory = Path.Combine(_dir.Path, "project"), Files = ["docker-compose.yml"], Command = "v1" }, Path.Combine(_dir.Path, "project"));
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";

        // when
        Environment.SetEnvironmentVariable("PATH", bin + ":" + path);
        try
        {
            await compose.CreateAsync(services);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }

        // then
        string[] received = File.ReadAllText(argv).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(services, received[^services.Length..]);
        Assert.False(File.Exists(marker), "a shell ran a service name");
    }
}
