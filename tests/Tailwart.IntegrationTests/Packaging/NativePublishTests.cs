using CliWrap;
using CliWrap.Buffered;
using Tailwart.IntegrationTests.Support;
using Tailwart.IntegrationTests.Tui;

namespace Tailwart.IntegrationTests.Packaging;

/// <summary>
/// The documented edge-box build (README "Install"): one self-contained NativeAOT executable for
/// linux-x64 that runs without .NET, published without a trim or AOT warning.
/// </summary>
public sealed class NativePublishTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-publish-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_native_single_file_publishes_without_warnings_and_runs_version_doctor_help_and_the_tui_without_dotnet()
    {
        // given: the command from the README, into a private artifacts folder (the repo's obj/ stays as it is)
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        string output = Path.Combine(_dir, "out");
        var publish = await Run("dotnet", ["publish", Path.Combine(Repo.Root, "src", "Tailwart"), "-c", "Release", "-p:EdgeBinary=true", "-o", output,
            "--artifacts-path", Path.Combine(_dir, "artifacts"), "-nologo"], timeout.Token);
        Assert.True(publish.ExitCode == 0, publish.StandardOutput + publish.StandardError);
        Assert.DoesNotContain("warning IL", publish.StandardOutput, StringComparison.Ordinal);

        // when
        string binary = Path.Combine(output, "tailwart");
        var version = await Run(binary, ["version"], timeout.Token);
        var help = await Run(binary, ["doctor", "--help"], timeout.Token);

        // then: one native ELF executable (no managed tailwart.dll or runtime config beside it), and both verbs work
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(binary)[..4]);
        Assert.Empty(Directory.GetFiles(output, "*.dll"));
        Assert.Empty(Directory.GetFiles(output, "*.runtimeconfig.json"));
        Assert.Empty(Directory.GetFiles(output, "*.pdb"));
        // Terminal.Gui's embedded config.json, with its own seven themes, is left out (NativeStartup.Substitutions.xml):
        // a renamed resource would bring back the slow configuration build without a word from the compiler
        Assert.Equal(-1, File.ReadAllBytes(binary).AsSpan().IndexOf("\"TurboPascal 5\""u8));
        Assert.True(version.ExitCode == 0, version.StandardOutput + version.StandardError);
        Assert.StartsWith("tailwart 0.1.0", version.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("linux-x64", version.StandardOutput, StringComparison.Ordinal);
        Assert.True(help.ExitCode == 0, help.StandardOutput + help.StandardError);
        Assert.Contains("Usage:", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", help.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "doctor.schema.json")), "doctor.schema.json ships beside the binary");
        Assert.True(File.Exists(Path.Combine(output, "tailwart.schema.json")), "the config schema ships beside the binary");
        Assert.True(File.Exists(Path.Combine(output, "tailwart.1")), "the man page ships beside the binary");
        string example = File.ReadAllText(Path.Combine(output, "tailwart.example.json"));
        Assert.Contains("\"$schema\": \"./tailwart.schema.json\"", example, StringComparison.Ordinal);

        await The_native_tui_opens_with_its_theme_draws_a_tab_from_behind_and_quits(binary);
    }

    // Only the native build defers Terminal.Gui's configuration and puts the themes into it before it is
    // built (ThemeCatalog.Preload, issue 18): the TUI must open in the configured theme (the default
    // theme's rounded frames; Terminal.Gui's own are square), bring a hidden pane to the front with its
    // tab row saying so, and quit on its key.
    private async Task The_native_tui_opens_with_its_theme_draws_a_tab_from_behind_and_quits(string binary)
    {
        string config = ClosedPortsConfig.Write(_dir);
        await using var tmux = await TmuxSession.StartAsync($"env XDG_STATE_HOME={_dir}/state HOME={_dir} TUI_CONFIG= {binary} --config {config}", width: 80, height: 24);

        string first = await tmux.WaitForAsync("Services");
        (int pid, _) = await tmux.PaneProcessAsync(); // env execs the binary: the pane's process is tailwart
        await tmux.TypeAsync("4");
        string checks = await tmux.WaitForAsync("compose lint");
        await tmux.TypeAsync("q");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{pid}") && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);

        Assert.False(Directory.Exists($"/proc/{pid}"), "the native TUI still runs 10 s after q");

        Assert.Contains("╭┤Services", first, StringComparison.Ordinal);
        Assert.DoesNotContain("compose lint", first, StringComparison.Ordinal);
        Assert.Contains("╭┤Services", checks, StringComparison.Ordinal);
        Assert.Contains("[1 Logs]", first, StringComparison.Ordinal);
        Assert.Contains("[4 Checks]", checks, StringComparison.Ordinal);
        Assert.DoesNotContain(ClosedPortsConfig.Canary, first + checks, StringComparison.Ordinal);
    }

    private Task<BufferedCommandResult> Run(string file, string[] args, CancellationToken ct) =>
        CliWrap.Cli.Wrap(file).WithArguments(args).WithWorkingDirectory(_dir)
            .WithEnvironmentVariables(e => e.Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Set("DOTNET_NOLOGO", "1"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
}
