using Tailwart.Cli;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Supervise;

/// <summary>The verb's contract before it touches Docker: refusals and bad input end as messages and exit codes.</summary>
public sealed class SuperviseVerbTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => _dir.Write("c.json", Configs.Valid());

    [Theory]
    [InlineData("supervise")]
    [InlineData("supervise --apply-restart-policy")]
    [InlineData("supervise --restore-restart-policy")]
    public async Task Under_read_only_it_is_refused_with_exit_3_and_nothing_is_written(string verb)
    {
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, [.. verb.Split(' '), "--read-only", "--config", Config()]);

        Assert.Equal(ExitCodes.RefusedByGuard, run.ExitCode);
        Assert.Contains("--read-only", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "tailwart", "supervise.json")));
    }

    [Fact]
    public async Task Apply_and_restore_together_is_bad_input_with_the_fix()
    {
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, "supervise", "--apply-restart-policy", "--restore-restart-policy", "--config", Config());

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("contradict each other: give one", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }
}
