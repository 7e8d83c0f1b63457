using Microsoft.Extensions.Logging;
using Tailwart.Core.Logging;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>Issue 10 item 4: with a unique canary as every secret, no verb, screen or file ever shows one.</summary>
[Trait("Category", "Reliability")]
public sealed class SecretCanaryTests
{
    private static readonly string[][] Verbs =
    [
        ["config", "check"], ["config", "show"], ["config", "show", "--json"], ["lint"], ["lint", "--json"],
        ["key-test"], ["key-test", "--json"], ["key-test", "--verbose"],
        ["probe", "25"], ["probe", "465", "--json"], ["certs", "--via", "edge"], ["certs", "--via", "edge", "--json"],
        ["doctor"], ["doctor", "--json", "--verbose"], ["bans"], ["bans", "--json", "--verbose"], ["bans", "allow-fix", "--yes"],
        ["bans", "unban", "198.51.100.20", "--yes"], ["bans", "unban", "198.51.100.20", "--yes", "--json"],
        ["up", "--read-only"], ["up", "--read-only", "--json"], ["version", "--json"], ["completion", "bash"],
    ];

    public static TheoryData<SecretSource, bool> Paths() => new()
    {
        { SecretSource.Environment, true }, { SecretSource.Environment, false },
        { SecretSource.File, true }, { SecretSource.File, false },
        { SecretSource.Inline, true }, { SecretSource.Inline, false },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task No_verb_shows_a_secret_in_stdout_stderr_json_logs_or_state_files(SecretSource source, bool success)
    {
        // given
        await using var stack = new CanaryLab(source, success);
        var scanner = new CanaryScanner(stack.Values.Values.ToList());

        var exits = new Dictionary<string, int>();

        // when
        foreach (string[] verb in Verbs)
        {
            var run = await CliRun.InvokeAsync(stack.State.Path, stack.Environment, false, null, [.. verb, "--config", stack.ConfigPath]);
            exits.TryAdd(verb[0], run.ExitCode);
            scanner.Scan($"{string.Join(' ', verb)} stdout", run.Out);
            scanner.Scan($"{string.Join(' ', verb)} stderr", run.Error);
            Assert.False(BoundedOutcome.LooksLikeStackTrace(run.All), $"{string.Join(' ', verb)}: {run.All}");
        }
        scanner.ScanFiles(stack.State.Path, stack.SecretFiles);

        // then
        Assert.True(scanner.Record() == 0, string.Join('\n', scanner.Leaks));
        Assert.True(scanner.Scanned >= Verbs.Length * 2 + 2, $"only {scanner.Scanned} outputs scanned: the ledger and audit files were not written");
        if (success)
        {
            // the secrets were really used: Stalwart accepted the admin password, Spaceship's stand-in said 200
            Assert.True(exits["bans"] is 0 or 1, $"bans exited {exits["bans"]}");
            Assert.Equal(0, exits["key-test"]);
        }
    }

    [Fact]
    public async Task The_scanner_finds_a_canary_where_one_is()
    {
        // given: the inline config holds every canary (the positive control for the zero above)
        await using var stack = new CanaryLab(SecretSource.Inline, success: false);
        var scanner = new CanaryScanner(stack.Values.Values.ToList());

        // when
        scanner.Scan("the config itself", await File.ReadAllTextAsync(stack.ConfigPath));

        // then
        Assert.Equal(stack.Values.Count, scanner.Leaks.Count);
    }

    [Fact]
    public async Task A_secret_logged_by_mistake_reaches_the_log_file_masked()
    {
        // given
        using var state = new TempDir();
        var redactor = new Redactor();
        string canary = "canary-logged-" + Guid.NewGuid().ToString("N");
        redactor.Add(canary);
        var scanner = new CanaryScanner([canary]);

        // when
        using (var logging = TailwartLogging.Create(new StatePaths(Path.Combine(state.Path, "tailwart")), redactor, verbose: true))
        {
            logging.CreateLogger("t").LogError(new InvalidOperationException("login failed for " + canary), "password {Password} rejected", canary);
            logging.CreateLogger("t").LogDebug("connection string Password={P};", canary);
        }
        scanner.ScanFiles(state.Path, []);

        // then
        Assert.True(scanner.Record() == 0, string.Join('\n', scanner.Leaks));
        Assert.NotEmpty(Directory.GetFiles(state.Path, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(SecretSource.Environment)]
    [InlineData(SecretSource.File)]
    public async Task A_missing_or_unreadable_secret_is_named_by_its_path_never_by_its_value(SecretSource source)
    {
        // given: the secret is there for config show, then gone (env unset / file removed) when a verb needs it
        await using var stack = new CanaryLab(source, success: false);
        var scanner = new CanaryScanner(stack.Values.Values.ToList());
        var env = source == SecretSource.Environment ? new Dictionary<string, string>() : stack.Environment;
        foreach (string file in stack.SecretFiles)
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        // when
        foreach (string[] verb in new[] { new[] { "config", "check" }, ["config", "check", "--json"], ["bans"], ["key-test", "--json"], ["doctor"] })
        {
            var run = await CliRun.InvokeAsync(stack.State.Path, env, false, null, [.. verb, "--config", stack.ConfigPath]);
            scanner.Scan($"{string.Join(' ', verb)}", run.All);
            Assert.Contains(source == SecretSource.Environment ? "CANARY_" : "chmod 600", run.All, StringComparison.Ordinal);
        }
        scanner.ScanFiles(stack.State.Path, stack.SecretFiles);

        // then
        Assert.True(scanner.Record() == 0, string.Join('\n', scanner.Leaks));
    }
}
