using Tailwart.Tui.Keys;
using Terminal.Gui.App;
using Terminal.Gui.Input;

namespace Tailwart.Tui.Shell;

/// <summary>
/// Every key goes through here first, before any view can swallow it (a pane's text list used to
/// eat `:` after F5): a pending question takes the next key; Esc closes the topmost thing open and
/// is never a quit; while a prompt or the key form has the keys, they type; otherwise the key table
/// decides (the tab's own bindings first, then the global ones) and the handler table runs it.
/// </summary>
public sealed class KeyRouter : IDisposable
{
    private readonly IApplication _app;
    private readonly MainWindow _window;

    public KeyRouter(IApplication app, MainWindow window)
    {
        _app = app;
        _window = window;
        app.Keyboard.KeyDown += OnKeyDown;
    }

    public void Dispose() => _app.Keyboard.KeyDown -= OnKeyDown;

    private void OnKeyDown(object? sender, Key key)
    {
        if (_window.Question.Pending)
        {
            key.Handled = true;
            _window.Question.Answer(key == new Key('y') || key == new Key('Y'));
            return;
        }
        if (key == Key.Esc)
        {
            key.Handled = true;
            _window.Commands.Run(CommandIds.Close, "");
            return;
        }
        if (_window.CommandLine.IsOpen || _window.Logs.PromptOpen || _window.KeyTestView.Visible)
            return;
        bool overlay = _window.HelpView.Visible || _window.DetailView.Visible || _window.BringUpView.Visible;
        Binding? binding = _window.Keys.Find(key, overlay ? KeyMap.Global : _window.Scope);
        // Over an overlay the arrows and pages scroll it; only global keys act.
        if (binding is null || overlay && binding.Command is CommandIds.NextTab or CommandIds.PreviousTab)
            return;
        key.Handled = true;
        _window.Commands.Run(binding.Command, "");
    }
}
