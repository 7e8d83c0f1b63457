using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;

namespace Tailwart.IntegrationTests.Tui;

/// <summary>
/// tailwart's TUI running in a real terminal (a detached tmux session): type with send-keys,
/// read with capture-pane. The session is killed on dispose, whatever happened.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private TmuxSession(string name) => Name = name;

    public string Name { get; }

    public static async Task<TmuxSession> StartAsync(string command, int width = 140, int height = 40)
    {
        var session = new TmuxSession("tailwart-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        await Tmux("new-session", "-d", "-s", session.Name, "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), command);
        return session;
    }

    public async Task<string> CaptureAsync() => (await Tmux("capture-pane", "-p", "-t", Name)).StandardOutput;

    /// <summary>Polls the screen until <paramref name="text"/> shows, or fails with the last screen.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        string screen = "";
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            screen = await CaptureAsync();
            if (screen.Contains(text, StringComparison.Ordinal))
                return screen;
            await Task.Delay(50);
        }
        throw new TimeoutException($"'{text}' never appeared; the screen was:\n{screen}");
    }

    /// <summary>Polls the screen until <paramref name="seen"/> holds for it, or fails saying <paramref name="what"/> with the last screen.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> seen, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string screen = "";
        while (clock.Elapsed < timeout)
        {
            screen = await CaptureAsync();
            if (seen(screen))
                return screen;
            await Task.Delay(50);
        }
        throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}; the screen was:\n{screen}");
    }

    /// <summary>The process tmux started in the pane (the command's pid), and whether it is still running.</summary>
    public async Task<(int Pid, bool Dead)> PaneProcessAsync()
    {
        string[] parts = (await Tmux("display-message", "-p", "-t", Name, "#{pane_pid} #{pane_dead}")).StandardOutput.Trim().Split(' ');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts.Length > 1 && parts[1] == "1");
    }

    /// <summary>Polls until <paramref name="text"/> is gone from the screen.</summary>
    public async Task WaitForAbsentAsync(string text, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while ((await CaptureAsync()).Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
                throw new TimeoutException($"'{text}' never went away");
            await Task.Delay(50);
        }
    }

    public Task SendKeysAsync(params string[] keys) => Tmux(["send-keys", "-t", Name, .. keys]);

    /// <summary>Sends literal text (no key-name interpretation).</summary>
    public Task TypeAsync(string text) => Tmux("send-keys", "-t", Name, "-l", text);

    public Task KillAsync() => Tmux("kill-session", "-t", Name);

    public async ValueTask DisposeAsync()
    {
        try { await KillAsync(); }
        catch (InvalidOperationException) { /* already gone */ }
    }

    private static async Task<BufferedCommandResult> Tmux(params string[] args)
    {
        var result = await CliWrap.Cli.Wrap("tmux").WithArguments(args).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        if (result.ExitCode != 0 && args[0] != "kill-session")
            throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {result.StandardError}");
        return result;
    }
}
