using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

public sealed class CompletionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Bash_completion_lists_every_verb_and_the_options_of_each()
    {
        var run = await CliRun.InvokeAsync(_dir.Path, null, false, null, "completion", "bash");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("complete -F _tailwart tailwart", run.Out, StringComparison.Ordinal);
        foreach (string verb in new[] { "config", "lint", "probe", "certs", "doctor", "key-test", "version" })
            Assert.Contains(verb, run.Out, StringComparison.Ordinal);
        Assert.Contains("\"doctor\") words=\"--only --skip", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("/?", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_shell_is_bad_input()
    {
        var run = await CliRun.InvokeAsync(_dir.Path, null, false, null, "completion", "tcsh");

        Assert.Equal(2, run.ExitCode);
    }
}
