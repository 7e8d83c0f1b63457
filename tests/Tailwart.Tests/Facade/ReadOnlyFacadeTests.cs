using Microsoft.Extensions.Time.Testing;
using Tailwart.Cli;
using Tailwart.Core;
using Tailwart.Core.BringUp;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Facade;

/// <summary>
/// The read-only policy lives in the facade, in front of every action, so the CLI and the TUI's
/// backend (built over the same facade) refuse the same way, with the same message.
/// </summary>
public sealed class ReadOnlyFacadeTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private TailwartCore Core(bool readOnly)
    {
        TailwartConfig config = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json")).Config!;
        var redactor = new Redactor();
        var secrets = new SecretResolver(redactor, k => Configs.SecretEnvironment.TryGetValue(k, out string? v) ? v : null);
        return new TailwartCore(config, new StatePaths(Path.Combine(_dir.Path, "state")), new FakeTimeProvider(), secrets, redactor, new ReadOnlyPolicy(readOnly));
    }

    public static TheoryData<GuardedAction> AllActions => [.. Enum.GetValues<GuardedAction>()];

    /// <summary>Each action through the facade, as the verbs and the TUI call it.</summary>
    private static Task Act(TailwartCore core, GuardedAction action) => action switch
    {
        GuardedAction.Probe => core.ProbeAsync("edge", 587),
        GuardedAction.KeyTest => core.KeyTestAsync(new KeyTestCredentials(new Secret("k"), new Secret("s"))),
        GuardedAction.Up => core.UpAsync(new BringUpOptions(), null),
        GuardedAction.Unban => core.UnbanAsync(["198.51.100.20"]),
        GuardedAction.AllowFix => core.FixAllowListAsync(),
        GuardedAction.Flush => core.FlushBansAsync(),
        GuardedAction.CertificateReload => core.ReloadCertificatesAsync("test"),
        GuardedAction.Supervise => core.SuperviseAsync(new Tailwart.Core.Supervise.SuperviseOptions(), null),
        GuardedAction.RestartPolicy => core.SetStalwartRestartPolicyAsync(restore: false),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task The_facade_refuses_every_action_under_read_only_before_it_runs(GuardedAction action)
    {
        // given
        using TailwartCore core = Core(readOnly: true);

        // when
        var refused = await Assert.ThrowsAsync<ReadOnlyRefusedException>(() => Act(core, action));

        // then
        Assert.Equal(action, refused.Action);
        Assert.Equal(ReadOnlyPolicy.RefusalFor(action), refused.Message);
        Assert.IsAssignableFrom<ActionRefusedException>(refused);
        Assert.False(File.Exists(core.Audit.Path), "an audit line was written for a refused action");
        Assert.Empty(Directory.EnumerateFiles(core.State.Directory, "*-ledger.json"));
    }

    [Fact]
    public void Every_action_has_its_own_name_in_the_message()
    {
        var names = Enum.GetValues<GuardedAction>().Select(ReadOnlyPolicy.Describe).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Enum.GetValues<GuardedAction>(), a => Assert.StartsWith($"refused: {ReadOnlyPolicy.Describe(a)}: ", ReadOnlyPolicy.RefusalFor(a), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tui_backend_refuses_with_the_same_message_as_the_cli()
    {
        // given the TUI's backend as `tailwart --read-only` composes it
        string config = _dir.Write("c.json", Configs.Valid());
        var variables = new Dictionary<string, string>(Configs.SecretEnvironment) { ["XDG_STATE_HOME"] = _dir.Path, ["HOME"] = _dir.Path };
        using var context = new VerbContext(new CliSettings(config, Json: false, Color: false, ReadOnly: true, Verbose: false),
            new CliEnvironment(TextWriter.Null, TextWriter.Null, variables, _dir.Path, IsTerminal: true));
        var backend = TuiComposition.Build(context, context.RequireConfig());

        // when / then: each action the TUI offers
        await Refused(GuardedAction.Probe, () => backend.Probe!("edge", 25, default));
        await Refused(GuardedAction.KeyTest, () => backend.KeyTest!(new KeyTestCredentials(new Secret("k"), new Secret("s")), default));
        await Refused(GuardedAction.Up, () => backend.BringUp!(new Progress<Tailwart.Core.BringUp.BringUpEvent>(), default));
        await Refused(GuardedAction.Unban, () => backend.Unban!(["198.51.100.20"], default));
        await Refused(GuardedAction.AllowFix, () => backend.AllowFix!(default));
        await Refused(GuardedAction.Flush, () => backend.FlushBans!(default));
        await Refused(GuardedAction.CertificateReload, () => backend.ReloadCertificates!(default));

        static async Task Refused(GuardedAction action, Func<Task> act)
        {
            var e = await Assert.ThrowsAsync<ReadOnlyRefusedException>(act);
            Assert.Equal(ReadOnlyPolicy.RefusalFor(action), e.Message);
        }
    }
}
