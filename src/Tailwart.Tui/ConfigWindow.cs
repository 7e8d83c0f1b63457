using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui;

/// <summary>
/// The first screen: the loaded config (secrets as references) and the quit key. The full shell
/// (services, Logs · Certs · Bans · Checks) replaces it in the TUI issue.
/// </summary>
public sealed class ConfigWindow : Window
{
    public ConfigWindow(TuiOptions options, Key quitKey, Action quit)
    {
        Title = options.ReadOnly ? "tailwart (read-only)" : "tailwart";
        var summary = new Label
        {
            X = 1,
            Y = 0,
            Text = $"Stack {options.Config.Compose.ProjectName ?? options.Config.Compose.ProjectDirectory}: sidecar {options.Config.Services.Sidecar}, Stalwart {options.Config.Services.Stalwart}, Postgres {options.Config.Postgres.Host}:{options.Config.Postgres.Port}",
        };
        var config = new TextView
        {
            X = 0,
            Y = 1,
            Width = Dim.Fill(),
            Height = Dim.Fill(1),
            ReadOnly = true,
            Text = options.MaskedConfigJson,
        };
        var frame = new FrameView { Title = "Config", X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(1) };
        frame.Add(summary, config);
        var status = new StatusBar([new Shortcut(quitKey, "Quit", quit)]);
        Add(frame, status);
    }
}
