using Tailwart.Tui.Loop;
using Tailwart.Tui.Theming;
using Terminal.Gui.App;

namespace Tailwart.Tui;

/// <summary>Runs the TUI on the real terminal until the quit key; returns the exit code.</summary>
public static class TuiHost
{
    /// <summary>The frame cap: new log lines are shown at most this long after they arrive, coalesced.</summary>
    public static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(200);

    public static int Run(TuiOptions options, TuiBackend backend)
    {
        // the NativeAOT build runs Terminal.Gui's configuration here rather than before every command's Main
        Core.Startup.DeferredModuleInitializers.EnsureTerminalGui();
        ThemeCatalog.Apply(options.Config.Ui.Theme, options.Color);
        using IApplication app = Application.Create();
        // When nothing happens, nothing runs: the main loop sleeps until a key, a callback or a
        // timer (IdleGate), and the input blocks on the terminal instead of polling it (QuietAnsiInput).
        using IdleGate gate = IdleGate.Attach(app);
        QuietAnsiDriver.Install(app, onInput: gate.Wake, onHangup: () => app.Invoke(() => app.RequestStop()));
        app.Init();
        using var window = new MainWindow(app, options, backend);
        // Feeds run in the background and only touch views through app.Invoke; they end with the window.
        // They start from the loop, after the first frame: on a busy 2-core box their Docker calls and
        // log parsing competed with the first draw (issue 18), and the panes say "waiting" until they answer.
        void StartFeeds()
        {
            if (backend.FollowLogs is { } follow)
                _ = Task.Run(() => follow(window.Lifetime));
            if (backend.WatchServices is { } watch)
                _ = Task.Run(() => watch(rows => app.Invoke(() => window.Services.Apply(rows)), window.Lifetime));
            if (backend.WatchSupervisor is { } supervisor)
                _ = Task.Run(() => supervisor(line => app.Invoke(() => window.Services.ApplySupervisor(line)), window.Lifetime));
        }
        app.AddTimeout(TimeSpan.Zero, () =>
        {
            StartFeeds();
            return false;
        });
        // New log lines: one refresh per frame at most, and none while the buffer is unchanged.
        int refreshPending = 0;
        void OnLogsChanged()
        {
            if (Interlocked.Exchange(ref refreshPending, 1) == 0)
            {
                app.AddTimeout(Frame, () =>
                {
                    Volatile.Write(ref refreshPending, 0);
                    window.Tick();
                    return false;
                });
            }
        }
        backend.Logs.Changed += OnLogsChanged;
        try
        {
            window.Tick();
            app.Run(window);
        }
        finally
        {
            backend.Logs.Changed -= OnLogsChanged;
        }
        return 0;
    }
}
