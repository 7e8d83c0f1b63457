using Terminal.Gui.App;
using Tailwart.Tui.Keys;
using Terminal.Gui.Input;

namespace Tailwart.Tui;

/// <summary>Runs the TUI on the real terminal until the quit key; returns the exit code.</summary>
public static class TuiHost
{
    public static int Run(TuiOptions options)
    {
        Key quit = KeyNames.Parse(options.Config.Ui.Keybindings.Quit, Key.Q.WithCtrl);
        using IApplication app = Application.Create();
        app.Init();
        using var window = new ConfigWindow(options, quit, () => app.RequestStop());
        app.Run(window);
        return 0;
    }
}
