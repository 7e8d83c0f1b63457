using Tailwart.Tui.Theming;
using Terminal.Gui.App;

namespace Tailwart.Tui;

/// <summary>Runs the TUI on the real terminal until the quit key; returns the exit code.</summary>
public static class TuiHost
{
    /// <summary>How often new log lines are pulled in; an unchanged buffer costs one comparison.</summary>
    public static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(200);

    public static int Run(TuiOptions options, TuiBackend backend)
    {
        ThemeCatalog.Apply(options.Config.Ui.Theme, options.Color);
        using IApplication app = Application.Create();
        app.Init();
        using var window = new MainWindow(app, options, backend);
        // Feeds run in the background and only touch views through app.Invoke; they end with the window.
        if (backend.FollowLogs is { } follow)
            _ = Task.Run(() => follow(window.Lifetime));
        if (backend.WatchServices is { } watch)
            _ = Task.Run(() => watch(rows => app.Invoke(() => window.Services.Apply(rows)), window.Lifetime));
        app.AddTimeout(Frame, () =>
        {
            window.Tick();
            return true;
        });
        app.Run(window);
        return 0;
    }
}
