using Tailwart.IntegrationTests.Support;
using CliWrap;
using CliWrap.Buffered;

namespace Tailwart.IntegrationTests.Packaging;

/// <summary>`dotnet pack` makes a .NET tool that installs into a tool path and runs.</summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-pack-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_tailwart_version_runs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        string project = Path.Combine(Repo.Root, "src", "Tailwart", "Tailwart.csproj");
        string packages = Path.Combine(_dir, "packages");
        string tools = Path.Combine(_dir, "tools");

        var pack = await Run("dotnet", ["pack", project, "-c", "Release", "-o", packages, "-nologo", "-p:ContinuousIntegrationBuild=true"], timeout.Token);
        Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);
        var install = await Run("dotnet", ["tool", "install", "tailwart", "--tool-path", tools, "--add-source", packages, "--version", "0.1.0"], timeout.Token);
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);
        var version = await Run(Path.Combine(tools, "tailwart"), ["version"], timeout.Token);

        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("tailwart 0.1.0", version.StandardOutput, StringComparison.Ordinal);
    }

    private Task<BufferedCommandResult> Run(string file, string[] args, CancellationToken ct) =>
        CliWrap.Cli.Wrap(file).WithArguments(args).WithWorkingDirectory(_dir)
            .WithEnvironmentVariables(e => e.Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Set("DOTNET_NOLOGO", "1"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);

}
