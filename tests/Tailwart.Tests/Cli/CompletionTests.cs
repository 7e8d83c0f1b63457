using System.Diagnostics;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

public sealed class CompletionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> Script(string shell)
    {
        var run = await CliRun.InvokeAsync(_dir.Path, null, false, null, "completion", shell);
        Assert.True(run.ExitCode == 0, run.All);
        return run.Out;
    }

    [Fact]
    public async Task Bash_completion_lists_every_verb_and_the_options_of_each()
    {
        string script = await Script("bash");

        Assert.Contains("complete -F _tailwart tailwart", script, StringComparison.Ordinal);
        foreach (string verb in new[] { "config", "lint", "probe", "certs", "doctor", "key-test", "version" })
            Assert.Contains(verb, script, StringComparison.Ordinal);
        Assert.Contains("\"doctor\") words=\"--only --skip", script, StringComparison.Ordinal);
        Assert.DoesNotContain("/?", script, StringComparison.Ordinal);
    }

    /// <summary>What bash offers for the words typed so far (the last one is being completed), run in the temp directory.</summary>
    private async Task<List<string>> BashOffers(params string[] typed)
    {
        string script = _dir.Write("tailwart.bash", await Script("bash"));
        string words = string.Join(' ', new[] { "tailwart" }.Concat(typed).Select(w => $"'{w}'"));
        var start = new ProcessStartInfo("bash", ["--norc", "-c", $"source '{script}'; COMP_WORDS=({words}); COMP_CWORD={typed.Length}; _tailwart; printf '%s\\n' \"${{COMPREPLY[@]}}\""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir.Path,
        };
        using var bash = Process.Start(start)!;
        string output = await bash.StandardOutput.ReadToEndAsync();
        string error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, error);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    [Fact]
    public async Task Bash_finds_the_verb_after_a_global_option_and_its_value()
    {
        Assert.Equal(["probe"], await BashOffers("-c", "my.json", "--read-only", "pro"));
        Assert.Contains("reload", await BashOffers("--config", "my.json", "certs", ""));
    }

    [Fact]
    public async Task Bash_offers_the_values_an_option_or_argument_allows()
    {
        Assert.Equal(["all", "edge", "netns"], await BashOffers("probe", "--via", ""));
        Assert.Equal(["all", "edge", "netns"], await BashOffers("certs", "--via", ""));
        var probe = await BashOffers("probe", "");
        Assert.Contains("587", probe);
        Assert.Contains("all", probe);
        Assert.Contains("--via", probe);
        Assert.Equal(["bash", "fish"], (await BashOffers("completion", "")).Where(w => w is "bash" or "fish").ToList());
        Assert.Contains("zsh", await BashOffers("completion", ""));
    }

    [Fact]
    public async Task Bash_offers_file_paths_after_the_config_option()
    {
        _dir.Write("edge-box.json", "{}");

        Assert.Equal(["edge-box.json"], await BashOffers("doctor", "-c", "edge-b"));
        Assert.Empty(await BashOffers("doctor", "--only", "x"));
    }

    [Fact]
    public async Task Zsh_completion_is_generated_from_the_same_tree()
    {
        string script = await Script("zsh");

        Assert.StartsWith("#compdef tailwart", script, StringComparison.Ordinal);
        Assert.Contains("(\"probe|--via\") choices=(all edge netns); compadd -a choices; return ;;", script, StringComparison.Ordinal);
        Assert.Contains("(*\"|--config\"|*\"|-c\") _files; return ;;", script, StringComparison.Ordinal);
        Assert.Contains("(\"certs\") choices=('reload' '--via'", script, StringComparison.Ordinal);
        Assert.Contains("'587'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("local path", script, StringComparison.Ordinal);
        Assert.Contains("compdef _tailwart tailwart", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fish_completion_is_generated_from_the_same_tree()
    {
        string script = await Script("fish");

        Assert.Contains("complete -c tailwart -n '__tailwart_is \"probe\"' -l via -x -a 'all edge netns'", script, StringComparison.Ordinal);
        Assert.Contains("complete -c tailwart -l config -s c -r -F", script, StringComparison.Ordinal);
        Assert.Contains("complete -c tailwart -n '__tailwart_is \"certs\"' -a reload", script, StringComparison.Ordinal);
        Assert.Contains("complete -c tailwart -n '__tailwart_is \"bans\"' -a unban", script, StringComparison.Ordinal);
        Assert.Contains("-a '143 25 443 465 587 8080 993 all'", script, StringComparison.Ordinal);
        Assert.Contains("case --config", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_shell_is_bad_input()
    {
        var run = await CliRun.InvokeAsync(_dir.Path, null, false, null, "completion", "tcsh");

        Assert.Equal(2, run.ExitCode);
    }
}
