using Tailwart.Cli;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Bans;

public sealed class BansVerbTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => _dir.Write("c.json", Configs.Valid());

    [Fact]
    public async Task Unban_under_read_only_is_refused_with_exit_3_before_touching_anything()
    {
        // given / when
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: true, tui: null, "bans", "unban", "198.51.100.20", "--read-only", "--yes", "--config", Config());

        // then
        Assert.Equal(ExitCodes.RefusedByGuard, run.ExitCode);
        Assert.Contains("--read-only", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unban_without_a_terminal_and_without_yes_refuses_with_exit_2_and_says_to_pass_yes()
    {
        // given / when
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, "bans", "unban", "198.51.100.20", "--config", Config());

        // then
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("unban 198.51.100.20", run.Error, StringComparison.Ordinal);
        Assert.Contains("pass --yes", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allow_fix_and_flush_under_read_only_are_refused_with_exit_3()
    {
        // given / when
        var fix = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, "bans", "allow-fix", "--read-only", "--config", Config());
        var flush = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, "bans", "flush", "--read-only", "--json", "--config", Config());

        // then
        Assert.Equal(ExitCodes.RefusedByGuard, fix.ExitCode);
        Assert.Equal(ExitCodes.RefusedByGuard, flush.ExitCode);
        Assert.Contains("\"exitCode\": 3", flush.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_terminal_unban_asks_once_naming_what_it_will_do_and_no_changes_nothing()
    {
        // given a terminal whose answer is "n"
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var variables = new Dictionary<string, string>(Configs.SecretEnvironment) { ["XDG_STATE_HOME"] = _dir.Path, ["HOME"] = _dir.Path };
        var env = new CliEnvironment(stdout, stderr, variables, _dir.Path, IsTerminal: true) { In = new StringReader("n\n") };

        // when
        int code = await TailwartCli.RunAsync(["bans", "unban", "198.51.100.20", "2001:db8::/32", "--config", Config()], env);

        // then
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("this will unban 198.51.100.20, 2001:db8::/32 (delete from Stalwart's block list over the API, then reload it). Proceed? [y/N]", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("not confirmed; nothing was changed.", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "tailwart", "audit.log")));
    }

    [Fact]
    public async Task Unban_of_something_that_is_not_an_address_fails_with_exit_2_before_asking()
    {
        // given / when
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, "bans", "unban", "mail.example.com", "--yes", "--config", Config());

        // then
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("'mail.example.com' is not an IP address or network", run.Error, StringComparison.Ordinal);
    }
}
