using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Guards;
using Tailwart.Core.State;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Guards;

/// <summary>One probe budget per box: two users' environments (their own HOME and XDG_STATE_HOME) share the box-wide ledger.</summary>
public sealed class BoxWideLedgerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Func<string, string?> User(string name, string box) => variable => variable switch
    {
        "HOME" => Path.Combine(_dir.Path, name),
        "XDG_STATE_HOME" => Path.Combine(_dir.Path, name, "state"),
        StatePaths.BoxDirectoryVariable => box,
        _ => null,
    };

    [Fact]
    public void Two_users_environments_share_one_budget_in_the_box_directory()
    {
        string box = Directory.CreateDirectory(Path.Combine(_dir.Path, "box")).FullName;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        StatePaths root = StatePaths.FromEnvironment(User("root", box));
        StatePaths admin = StatePaths.FromEnvironment(User("admin", box));

        bool first = ActionLedger.InState(root, "probe-ledger.json", time).TryTake("probe:mail.example.com:25", TimeSpan.FromMinutes(1)).Granted;
        bool second = ActionLedger.InState(admin, "probe-ledger.json", time).TryTake("probe:mail.example.com:25", TimeSpan.FromMinutes(1)).Granted;

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(box, root.LedgerDirectory);
        Assert.Equal(box, admin.LedgerDirectory);
        Assert.Null(root.LedgerWarning);
        Assert.NotEqual(root.Directory, admin.Directory); // logs and audit stay per user
    }

    [Fact]
    public void Ledger_files_in_the_box_directory_are_group_read_write()
    {
        string box = Directory.CreateDirectory(Path.Combine(_dir.Path, "box")).FullName;
        var ledger = ActionLedger.InState(StatePaths.FromEnvironment(User("root", box)), "probe-ledger.json", TimeProvider.System);
        Assert.True(ledger.TryTake("k", TimeSpan.FromMinutes(1)).Granted);

        var expected = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        Assert.Equal(expected, File.GetUnixFileMode(ledger.Path));
        Assert.Equal(expected, File.GetUnixFileMode(ledger.Path + ".lock"));
    }

    [Fact]
    public void Without_the_box_directory_the_ledger_is_per_user_and_the_warning_says_how_to_create_it()
    {
        string box = Path.Combine(_dir.Path, "missing");
        StatePaths state = StatePaths.FromEnvironment(User("admin", box));

        Assert.Equal(state.Directory, state.LedgerDirectory);
        Assert.False(state.LedgerIsShared);
        Assert.Contains($"{box} does not exist", state.LedgerWarning, StringComparison.Ordinal);
        Assert.Contains($"install -d -m 2770 -g docker {box}", state.LedgerWarning, StringComparison.Ordinal);
        Assert.False(Directory.Exists(box), "the box-wide directory must not be created by whoever runs first");
    }

    [Fact]
    public void The_default_box_directory_is_var_lib_tailwart()
    {
        StatePaths state = StatePaths.FromEnvironment(v => v == "HOME" ? _dir.Path : null);
        Assert.Equal("/var/lib/tailwart", state.BoxDirectory);
    }

    [Fact]
    public async Task Two_CLI_runs_as_different_users_put_one_probe_on_the_wire()
    {
        // given: an admin-port stand-in counting connections, and a box directory both users share
        await using var adminPort = new CountingAdminPort();
        string config = _dir.Write("c.json", Configs.Valid(root => root["stalwart"]!["adminUrl"] = adminPort.Url));
        string box = Directory.CreateDirectory(Path.Combine(_dir.Path, "box")).FullName;
        var env = new Dictionary<string, string>(Configs.SecretEnvironment) { [StatePaths.BoxDirectoryVariable] = box };

        // when: "root" then "admin", each with their own HOME and XDG_STATE_HOME
        var first = await CliRun.InvokeAsync(Directory.CreateDirectory(Path.Combine(_dir.Path, "root")).FullName, env, false, null, "probe", "--json", "--config", config, "8080");
        var second = await CliRun.InvokeAsync(Directory.CreateDirectory(Path.Combine(_dir.Path, "admin")).FullName, env, false, null, "probe", "--json", "--config", config, "8080");
        await adminPort.StopAsync();

        // then
        Assert.Equal(1, adminPort.Accepted);
        Assert.Equal("ok", JsonNode.Parse(first.Out)!["results"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal("refused", JsonNode.Parse(second.Out)!["results"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal(3, second.ExitCode);
    }

    [Fact]
    public async Task A_CLI_run_without_the_box_directory_warns_that_the_budget_is_per_user()
    {
        await using var adminPort = new CountingAdminPort();
        string config = _dir.Write("c.json", Configs.Valid(root => root["stalwart"]!["adminUrl"] = adminPort.Url));

        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "probe", "--config", config, "8080");
        await adminPort.StopAsync();

        Assert.Contains("warning: the box-wide state directory", run.Error, StringComparison.Ordinal);
        Assert.Contains("probe budget is its own", run.Error, StringComparison.Ordinal);
    }
}
