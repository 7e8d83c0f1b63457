using Tailwart.Core.KeyTest;
using Tailwart.Core.Secrets;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui.Probes;

/// <summary>
/// Asks for the Spaceship API key and secret when tailwart.json's references do not resolve: two
/// masked fields (Terminal.Gui's Secret, so only asterisks reach the screen). What is typed is handed
/// over once as <see cref="Secret"/>s and the fields are emptied, undo history included, at once;
/// Esc and closing the window empty them too. Nothing here is written anywhere.
/// </summary>
public sealed class KeyTestForm : FrameView
{
    private readonly Label _reason = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = 2, HotKeySpecifier = new System.Text.Rune(0xFFFF) };
    private readonly TextField _key = new() { X = 13, Y = 3, Width = Dim.Fill(), Secret = true };
    private readonly TextField _secret = new() { X = 13, Y = 4, Width = Dim.Fill(), Secret = true };
    private readonly Label _hint = new() { X = 0, Y = 6, Width = Dim.Fill(), Height = 2, HotKeySpecifier = new System.Text.Rune(0xFFFF) };
    private Action<KeyTestCredentials>? _onSubmit;

    public KeyTestForm()
    {
        Title = "Spaceship key test (Esc cancels)";
        X = Pos.Center();
        Y = Pos.Center();
        Width = Dim.Percent(90);
        Height = 10;
        Visible = false;
        CanFocus = true;
        _key.Accepting += (_, e) =>
        {
            _secret.SetFocus();
            e.Handled = true;
        };
        _secret.Accepting += (_, e) =>
        {
            Submit();
            e.Handled = true;
        };
        Add(_reason, new Label { X = 0, Y = 3, Text = "API key:" }, _key, new Label { X = 0, Y = 4, Text = "API secret:" }, _secret, _hint);
    }

    /// <summary>True when nothing typed is held by the fields (for tests and for the close path).</summary>
    public bool IsEmpty => _key.Text.Length == 0 && _secret.Text.Length == 0;

    /// <summary>Shows the form saying why it asks, and calls <paramref name="onSubmit"/> once with what was typed.</summary>
    public void Open(string reason, Action<KeyTestCredentials> onSubmit)
    {
        Clear();
        _onSubmit = onSubmit;
        _reason.Text = $"tailwart.json's Spaceship key does not resolve; type the key and secret to test them once.\n{reason}";
        _hint.Text = "Enter moves on / runs one key test. Masked; kept in memory for that one request, never saved or logged.";
        Visible = true;
        _key.SetFocus();
        SetNeedsDraw();
    }

    public void Close()
    {
        Clear();
        _onSubmit = null;
        OverlayClosing.Hide(this);
    }

    protected override bool OnKeyDown(Key key) => OverlayClosing.ClosedByEsc(key, Close) || base.OnKeyDown(key);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Clear();
        base.Dispose(disposing);
    }

    private void Submit()
    {
        if (_key.Text.Length == 0 || _secret.Text.Length == 0)
        {
            _hint.Text = "Both the API key and the API secret are needed (Esc cancels).";
            (_key.Text.Length == 0 ? _key : _secret).SetFocus();
            return;
        }
        var credentials = new KeyTestCredentials(new Secret(_key.Text), new Secret(_secret.Text));
        var submit = _onSubmit;
        Close();
        submit?.Invoke(credentials);
    }

    private void Clear()
    {
        _key.Text = "";
        _secret.Text = "";
        _key.ClearHistoryChanges();
        _secret.ClearHistoryChanges();
    }
}
