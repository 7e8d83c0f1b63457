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

    public TuiHarness(bool readOnly = false, bool color = true, TuiBackend? backend = null, int width = 140, int height = 40, TimeProvider? time = null)
    {
        var result = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json"));
        Options = new TuiOptions(result.Config!, readOnly, color);
        Buffer = backend?.Logs ?? new LogRingBuffer(1000, 1 << 20);
        App = Application.Create();
        App.Init(DriverRegistry.Names.ANSI);
        App.Driver!.SetScreenSize(width, height);
        Window = new MainWindow(App, Options, backend ?? new TuiBackend(Buffer), time);
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

    /// <summary>What <paramref name="view"/>'s viewport shows on screen now, row by row (trailing blanks trimmed).</summary>
    public IReadOnlyList<string> Region(Terminal.Gui.ViewBase.View view)
    {
        string[] rows = Screen().Split('\n').Select(r => r.TrimEnd('\r')).ToArray();
        var area = view.ViewportToScreen();
        return [.. Enumerable.Range(area.Y, area.Height).Where(y => y < rows.Length)
            .Select(y => rows[y].Length <= area.X ? "" : rows[y].Substring(area.X, Math.Min(area.Width, rows[y].Length - area.X)).TrimEnd())];
    }

    /// <summary>The region's rows joined into one text with runs of blanks collapsed: wrapped text reads as it was written.</summary>
    public string Flat(Terminal.Gui.ViewBase.View view) =>
        System.Text.RegularExpressions.Regex.Replace(string.Join(" ", Region(view)), " +", " ").Trim();

    /// <summary>
    /// Runs what background work handed to the UI thread (app.Invoke queues it as a zero timeout; no
    /// main loop runs here) until <paramref name="condition"/> holds, for at most 5 s.
    /// </summary>
    public void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            App.TimedEvents!.RunTimers();
            if (condition())
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited 5 s for {what}; the screen:\n{Screen()}");
            Thread.Sleep(10);
        }
    }

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
