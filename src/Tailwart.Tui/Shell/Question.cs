using Tailwart.Core.Presenting;

namespace Tailwart.Tui.Shell;

/// <summary>
/// One question at a time, asked in a window of its own so it wraps to any width (a 120-column
/// question no longer runs off an 80-column screen): y goes, any other key (Esc too) cancels.
/// </summary>
public sealed class Question
{
    private readonly MainWindow _window;
    private Action? _go;

    public Question(MainWindow window)
    {
        _window = window;
        View = new Overlay(heightPercent: 45);
    }

    public Overlay View { get; }

    public bool Pending => _go is not null;

    public string Text => string.Join('\n', View.Body.Lines.Select(l => l.Text));

    public void Ask(string question, Action go)
    {
        _go = go;
        View.Open("Confirm (y goes, any other key cancels)", [PresentedLine.Plain(question), PresentedLine.Plain(""), PresentedLine.Plain("Press y to go, any other key to cancel.")]);
        _window.Say(question + " Press y to go, any other key to cancel.");
    }

    /// <summary>The answer: y runs what was asked; anything else cancels and says nothing changed.</summary>
    public void Answer(bool yes)
    {
        var go = _go;
        _go = null;
        View.Close();
        if (yes)
            go?.Invoke();
        else
            _window.Say("cancelled; nothing was changed");
    }
}
