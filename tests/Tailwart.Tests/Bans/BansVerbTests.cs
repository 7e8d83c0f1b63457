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
        // given a terminal whose answer is "n", and a server holding one address and two bans inside 2001:db8::/32
        await using var server = new FakeStalwartServer();
        server.Blocked.UnionWith(["198.51.100.20", "2001:db8::5", "2001:db8:1::9", "192.0.2.1"]);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var variables = new Dictionary<string, string>(Configs.SecretEnvironment)
        {
            ["XDG_STATE_HOME"] = _dir.Path, ["HOME"] = _dir.Path, ["STALWART_ADMIN_PASSWORD"] = FakeStalwartServer.Password,
        };
        var env = new CliEnvironment(stdout, stderr, variables, _dir.Path, IsTerminal: true) { In = new StringReader("n\n") };
        string config = _dir.Write("fake.json", Configs.Valid(root =>
        {
            root["stalwart"]!["adminUrl"] = server.BaseUri.ToString().TrimEnd('/');
            root["stalwart"]!["apiGeneration"] = "0.15";
            root["edge"]!["wanIp"] = "198.51.100.20";
        }));

        // when
        int code = await TailwartCli.RunAsync(["bans", "unban", "198.51.100.20", "2001:db8::/32", "--config", config], env);

        // then the one question carries the count read from the list, and "n" changes nothing
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("this will unban 3 ban(s) for 198.51.100.20, 2001:db8::/32: 198.51.100.20, 2001:db8:1::9, 2001:db8::5 (delete from Stalwart's block list over the API, then reload it). Proceed? [y/N]", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(stderr.ToString(), "Proceed\\?"));
        Assert.Contains("not confirmed; nothing was changed.", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, server.Blocked.Count);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("POST /api/settings", StringComparison.Ordinal));
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
