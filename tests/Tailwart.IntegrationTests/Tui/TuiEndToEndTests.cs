using Tailwart.IntegrationTests.Support;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailwart.IntegrationTests.Tui;

/// <summary>
/// The TUI end to end in tmux: it opens, answers keys, refuses actions in read-only mode, and
/// leaves nothing running when the terminal goes away (SIGHUP, a dropped SSH session).
/// Every endpoint in the config is a closed loopback port, so nothing leaves the machine.
/// </summary>
public sealed class TuiEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-tmux-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Command(string extra = "", bool unresolvedKey = false)
    {
        string config = ClosedPortsConfig.Write(_dir, unresolvedKey);
        string dll = Path.Combine(AppContext.BaseDirectory, "tailwart.dll");
        return $"env XDG_STATE_HOME={_dir}/state HOME={_dir} TUI_CONFIG= dotnet {dll} --config {config} {extra}";
    }

    [Fact]
    public async Task The_tui_opens_shows_help_switches_tabs_and_quits_on_its_key()
    {
        await using var tmux = await TmuxSession.StartAsync(Command());

        await tmux.WaitForAsync("Services");
        await tmux.TypeAsync("?");
        await tmux.WaitForAsync("Everywhere");
        await tmux.SendKeysAsync("Escape");
        // A lone ESC is told from an escape sequence by a pause, as a person's next key would be.
        await tmux.WaitForAbsentAsync("Everywhere");
        await tmux.TypeAsync(":");
        await tmux.TypeAsync("checks");
        await tmux.SendKeysAsync("Enter");
        string screen = await tmux.WaitForAsync("compose lint");
        await tmux.SendKeysAsync("C-q");

        Assert.DoesNotContain("canary", screen, StringComparison.Ordinal);
        await WaitUntilGoneAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Read_only_refuses_the_bring_up_on_screen()
    {
        await using var tmux = await TmuxSession.StartAsync(Command("--read-only"));

        await tmux.WaitForAsync("READ-ONLY");
        await tmux.TypeAsync("U");

        await tmux.WaitForAsync("read-only: the bring-up was refused");
    }

    [Fact]
    public async Task A_typed_spaceship_key_is_masked_on_the_terminal_and_kept_out_of_the_state_files()
    {
        const string Key = "typed-canary-KEY-41";
        const string Secret = "typed-canary-SECRET-41";
        await using var tmux = await TmuxSession.StartAsync(Command(unresolvedKey: true));
        await tmux.WaitForAsync("Services");

        // when: the key test asks for the key (its reference does not resolve) and both are typed
        await tmux.TypeAsync(":");
        await tmux.TypeAsync("key-test");
        await tmux.SendKeysAsync("Enter");
        await tmux.WaitForAsync("TW_TMUX_UNSET_SPACESHIP_KEY");
        await tmux.TypeAsync(Key);
        await tmux.SendKeysAsync("Enter");
        await tmux.TypeAsync(Secret);
        string typing = await tmux.CaptureAsync();
        await tmux.SendKeysAsync("Enter");
        // the stand-in for Spaceship is a closed port: the one request gets no answer
        string answered = await tmux.WaitForAsync("no answer");
        await tmux.SendKeysAsync("C-q");
        await WaitUntilGoneAsync(TimeSpan.FromSeconds(5));

        // then: neither reached the screen nor any file tailwart wrote (logs, ledgers)
        Assert.Contains("API secret:", typing, StringComparison.Ordinal);
        foreach (string text in new[] { typing, answered }.Concat(Directory.EnumerateFiles(Path.Combine(_dir, "state"), "*", SearchOption.AllDirectories).Select(File.ReadAllText)))
        {
            Assert.DoesNotContain("typed-canary", text, StringComparison.Ordinal);
        }
        Assert.Contains("lesson 2", answered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Losing_the_terminal_ends_tailwart_within_a_second()
    {
        await using var tmux = await TmuxSession.StartAsync(Command());
        await tmux.WaitForAsync("Services");

        await tmux.KillAsync();

        await WaitUntilGoneAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task At_80x24_esc_keeps_tailwart_running_and_colon_works_after_F5_in_every_pane()
    {
        await using var tmux = await TmuxSession.StartAsync(Command(), width: 80, height: 24);
        await tmux.WaitForAsync("Services");

        await tmux.SendKeysAsync("Escape");
        await tmux.WaitForAsync("Esc closes what is open");
        Assert.True(Running(), "Esc ended tailwart");

        foreach (var (key, pane) in new[] { ("1", "Logs"), ("2", "Certs"), ("3", "Bans"), ("4", "Checks"), ("5", "Probes") })
        {
            await tmux.TypeAsync(key);
            await tmux.SendKeysAsync("F5");
            await tmux.TypeAsync(":");
            await tmux.TypeAsync("help");
            await tmux.SendKeysAsync("Enter");
            await tmux.WaitForAsync("Everywhere");
            await tmux.SendKeysAsync("Escape");
            await tmux.WaitForAbsentAsync("Everywhere");
            Assert.True(Running(), $"tailwart ended in {pane}");
        }
        await tmux.TypeAsync("q");
        await WaitUntilGoneAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task At_80x24_a_findings_whole_fix_can_be_read_on_screen()
    {
        // given: a compose file with a hard-coded tailnet address (lesson 6), whose lint finding has a long fix
        File.WriteAllText(Path.Combine(_dir, "docker-compose.yml"), "services:\n  stalwart:\n    image: stalwartlabs/stalwart:v0.15.5\n    extra_hosts:\n      - \"db:100.112.26.122\"\n");
        string command = Command();
        var lint = Process.Start(new ProcessStartInfo("bash", ["-c", command.Replace(" --config ", " lint --json --config ", StringComparison.Ordinal) + " 2>/dev/null"]) { RedirectStandardOutput = true })!;
        string json = await lint.StandardOutput.ReadToEndAsync();
        await lint.WaitForExitAsync();
        string fix = JsonNode.Parse(json)!["findings"]!.AsArray()[0]!["fix"]!.GetValue<string>();
        Assert.True(fix.Length > 60, fix);
        await using var tmux = await TmuxSession.StartAsync(command, width: 80, height: 24);
        await tmux.WaitForAsync("Services");

        // when: the Checks tab runs and its lint line is opened
        await tmux.TypeAsync("4");
        await tmux.SendKeysAsync("F5");
        await tmux.WaitForAsync(s => s.Contains("[lint]", StringComparison.Ordinal) && s.Contains("last run", StringComparison.Ordinal), "the checks", TimeSpan.FromSeconds(60));
        string pane = await tmux.CaptureAsync();
        // The check lines come first, one per check ("✓ [id] 0.1s clean: Title"); the lint one is opened.
        int lintRow = pane.Split('\n').Where(r => System.Text.RegularExpressions.Regex.IsMatch(r, @"\[[a-z.-]+\] \d+\.\ds ")).ToList().FindIndex(r => r.Contains("[lint]", StringComparison.Ordinal));
        Assert.True(lintRow >= 0, pane);
        for (int i = 0; i < lintRow; i++)
            await tmux.SendKeysAsync("Down");
        await tmux.SendKeysAsync("Enter");
        string detail = await tmux.WaitForAsync("detail (Esc closes)");

        // then: the whole fix is on screen inside the detail window, wrapped but complete
        Assert.Contains(Collapse(fix), Collapse(Inside(detail, "detail (Esc closes)")), StringComparison.Ordinal);
        await tmux.SendKeysAsync("Escape");
        await tmux.WaitForAbsentAsync("detail (Esc closes)");
        Assert.True(Running());
    }

    /// <summary>The text inside the box whose top border carries <paramref name="title"/>, rows joined.</summary>
    private static string Inside(string screen, string title)
    {
        var rows = screen.Split('\n');
        int top = Array.FindIndex(rows, r => r.Contains(title, StringComparison.Ordinal));
        int left = rows[top].IndexOf('┌'), right = rows[top].LastIndexOf('┐');
        if (left < 0 || right < 0)
            (left, right) = (rows[top].IndexOf('╭'), rows[top].LastIndexOf('╮'));
        if (left < 0 || right < 0)
            (left, right) = (rows[top].IndexOf('╔'), rows[top].LastIndexOf('╗'));
        var inside = new List<string>();
        for (int y = top + 1; y < rows.Length && rows[y].Length > right && rows[y][left] is '│' or '┃' or '║'; y++)
            inside.Add(rows[y][(left + 1)..right]);
        return string.Join(' ', inside);
    }

    private static string Collapse(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>No tailwart process of this test (recognised by its private config path) may be left.</summary>
    private async Task WaitUntilGoneAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (Running())
        {
            Assert.True(clock.Elapsed < within, $"tailwart still running {clock.Elapsed.TotalMilliseconds:0} ms after the terminal went away");
            await Task.Delay(20);
        }
    }

    private bool Running() =>
        Directory.EnumerateDirectories("/proc").Any(p =>
        {
            try { return File.ReadAllText(Path.Combine(p, "cmdline")).Contains(_dir, StringComparison.Ordinal) && File.ReadAllText(Path.Combine(p, "cmdline")).Contains("tailwart.dll", StringComparison.Ordinal); }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        });

}
