using Tailwart.Core.Config;
using Tailwart.Tests.Support;
using Tailwart.Tui;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;

namespace Tailwart.Tests.Tui;

public sealed class ConfigWindowTests
{
    private static TuiOptions Options(bool readOnly)
    {
        var result = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json"));
        return new TuiOptions(result.Config!, result.MaskedJson()!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), readOnly, Color: false);
    }

    [Fact]
    public void Renders_the_loaded_config_and_the_quit_key_headlessly()
    {
        // given
        using IApplication app = Application.Create();
        app.Init(DriverRegistry.Names.ANSI);
        app.Driver!.SetScreenSize(100, 40);
        bool quit = false;
        using var window = new ConfigWindow(Options(readOnly: true), Key.Q.WithCtrl, () => quit = true);

        // when
        app.Begin(window);
        app.LayoutAndDraw();
        string screen = app.Driver.ToString()!;

        // then
        Assert.Contains("tailwart (read-only)", screen, StringComparison.Ordinal);
        Assert.Contains("sidecar ts-stalwart", screen, StringComparison.Ordinal);
        Assert.Contains("the-record-prod:5432", screen, StringComparison.Ordinal);
        Assert.Contains("env:STALWART_DB_PASSWORD", screen, StringComparison.Ordinal);
        Assert.Contains("Quit", screen, StringComparison.Ordinal);

        // when the quit key is pressed
        app.InjectKey(Key.Q.WithCtrl);

        // then
        Assert.True(quit);
    }
}
