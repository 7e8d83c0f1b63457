using Tailwart.Core.Config;
using Tailwart.Core.Logs;
using Tailwart.Tests.Support;
using Tailwart.Tui;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;

namespace Tailwart.Tests.Tui;

/// <summary>The real main window on Terminal.Gui's ANSI driver, headless: inject keys, read the screen.</summary>
public sealed class TuiHarness : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    public TuiHarness(bool readOnly = false, bool color = true, TuiBackend? backend = null, int width = 140, int height = 40)
    {
        var result = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json"));
        Options = new TuiOptions(result.Config!, readOnly, color);
        Buffer = backend?.Logs ?? new LogRingBuffer(1000, 1 << 20);
        App = Application.Create();
        App.Init(DriverRegistry.Names.ANSI);
        App.Driver!.SetScreenSize(width, height);
        Window = new MainWindow(App, Options, backend ?? new TuiBackend(Buffer));
        App.Begin(Window);
        App.LayoutAndDraw();
    }

    public IApplication App { get; }
    public MainWindow Window { get; }
    public TuiOptions Options { get; }
    public LogRingBuffer Buffer { get; }

    /// <summary>Adds a line as Docker hands it over: its own timestamp first, then the container's text.</summary>
    public void Log(double second, string service, string text) =>
        Buffer.Add(LogLineParser.Parse(service, $"{T0.AddSeconds(second):O} {text}", T0));

    public string Screen()
    {
        Window.Tick();
        App.LayoutAndDraw();
        return App.Driver!.ToString()!;
    }

    public void Press(Key key) => App.InjectKey(key);

    public void Type(string text)
    {
        foreach (char c in text)
            App.InjectKey(new Key(c));
    }

    public void Dispose()
    {
        Window.Dispose();
        App.Dispose();
    }
}
