using System.Text;
using Microsoft.Extensions.Logging;
using Tailwart.Core.Acme;
using Tailwart.Core.Config;
using Tailwart.Core.Logging;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;
using Tailwart.Tests.Bans;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>Issue 10 item 5: what tailwart writes is private, and a secret file others can read is refused.</summary>
[Trait("Category", "Reliability")]
public sealed class FileModeTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;

    [Fact]
    public async Task State_ledger_audit_cache_and_log_files_are_created_0600_in_directories_that_are_0700()
    {
        // given: verbs that write the probe and key-test ledgers, the audit log, the Cert Spotter cache and the log file
        await using var lab = new CanaryLab(SecretSource.Environment, success: true);
        string[][] verbs = [["probe", "25"], ["key-test"], ["bans", "unban", "198.51.100.20", "--yes"], ["certs", "--via", "edge"], ["bans", "--verbose"]];

        // when
        foreach (string[] verb in verbs)
            await CliRun.InvokeAsync(lab.State.Path, lab.Environment, false, null, [.. verb, "--config", lab.ConfigPath]);
        // The log file is only written when something is logged (an unexpected error); write one line the way the CLI does.
        var state = StatePaths.FromEnvironment(name => name == "XDG_STATE_HOME" ? lab.State.Path : null);
        using (var logging = TailwartLogging.Create(state, new Redactor(), verbose: true))
            logging.CreateLogger("tailwart").LogError("a line for the file mode test");
        // The Cert Spotter cache is only written after an answer; give it one.
        await using (var certspotter = new FakeStalwartServer { Raw = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]") })
        {
            string cache = Path.Combine(StatePaths.EnsurePrivateDirectory(state.Directory), "certspotter-cache.json");
            await new CertspotterClient(new CertspotterSettings { BaseUrl = new Uri($"http://127.0.0.1:{certspotter.Port}/v1") }, cache, TimeProvider.System).GetAsync("example.com");
        }

        // then
        var files = Directory.EnumerateFiles(lab.State.Path, "*", SearchOption.AllDirectories).ToList();
        var directories = Directory.EnumerateDirectories(lab.State.Path, "*", SearchOption.AllDirectories).ToList();
        ReliabilityFigures.Add("files.checked", files.Count + directories.Count);
        var wrong = files.Where(f => File.GetUnixFileMode(f) != Private).Select(f => $"{f} {File.GetUnixFileMode(f)}")
            .Concat(directories.Where(d => File.GetUnixFileMode(d) != PrivateDirectory).Select(d => $"{d}/ {File.GetUnixFileMode(d)}")).ToList();
        ReliabilityFigures.Add("files.wrong-mode", wrong.Count);
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        foreach (string expected in new[] { "audit.log", "key-test-ledger.json", "certspotter-cache.json" })
            Assert.Contains(files, f => Path.GetFileName(f) == expected);
        Assert.Contains(files, f => f.Contains("/logs/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    public async Task A_secret_file_readable_by_others_is_refused_with_the_chmod_that_fixes_it(UnixFileMode extra)
    {
        // given
        await using var lab = new CanaryLab(SecretSource.File, success: true);
        string secret = lab.SecretFiles[0];
        File.SetUnixFileMode(secret, Private | extra);

        // when
        var run = await CliRun.InvokeAsync(lab.State.Path, lab.Environment, false, null, "config", "check", "--config", lab.ConfigPath);

        // then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"chmod 600 {secret}", run.All, StringComparison.Ordinal);
        ReliabilityFigures.Add("files.checked", 1);
    }
}
