using System.Text.Json;
using Tailwart.Cli;
using Tailwart.Core.Guards;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Guards;

/// <summary>
/// --read-only from the command line: every action is refused with exit 3 and the one message
/// from Core's <see cref="ReadOnlyPolicy"/>, before anything is sent, asked or written.
/// </summary>
public sealed class ReadOnlyCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => _dir.Write("c.json", Configs.Valid());

    public static TheoryData<GuardedAction, string[]> Actions => new()
    {
        { GuardedAction.Probe, ["probe", "587"] },
        { GuardedAction.Probe, ["probe", "all", "--via", "all"] },
        { GuardedAction.KeyTest, ["key-test"] },
        { GuardedAction.Up, ["up"] },
        { GuardedAction.Unban, ["bans", "unban", "198.51.100.20", "--yes"] },
        { GuardedAction.AllowFix, ["bans", "allow-fix", "--yes"] },
        { GuardedAction.Flush, ["bans", "flush", "--yes"] },
        { GuardedAction.CertificateReload, ["certs", "reload", "--yes"] },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Every_action_is_refused_with_exit_3_and_the_one_message(GuardedAction action, string[] verb)
    {
        // given / when
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: true, tui: null, ["--read-only", .. verb, "--config", Config()]);

        // then
        Assert.Equal(ExitCodes.RefusedByGuard, run.ExitCode);
        Assert.Equal("tailwart: " + ReadOnlyPolicy.RefusalFor(action), run.Error.Trim());
        Assert.Equal("", run.Out);
        // nothing was taken from a budget and no audit line was written: nothing ran
        Assert.False(File.Exists(Path.Combine(_dir.Path, "tailwart", "probe-ledger.json")), "a probe budget was taken");
        Assert.False(File.Exists(Path.Combine(_dir.Path, "tailwart", "key-test-ledger.json")), "a key-test budget was taken");
        Assert.False(File.Exists(Path.Combine(_dir.Path, "tailwart", "audit.log")), "an audit line was written");
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Under_json_the_refusal_is_one_error_document_with_exit_code_3(GuardedAction action, string[] verb)
    {
        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, ["--read-only", "--json", .. verb, "--config", Config()]);

        Assert.Equal(ExitCodes.RefusedByGuard, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(ReadOnlyPolicy.RefusalFor(action), doc.RootElement.GetProperty("error").GetString());
    }
}
