// The floor for tailwart's first frame: Terminal.Gui's own start-up and one window, nothing of tailwart's.
using Terminal.Gui.App;
using Terminal.Gui.Views;

using IApplication app = Application.Create();
app.Init();
using var window = new Window { Title = "Services" };
app.Run(window);
