using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Presenting;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Tailwart.Tui;

/// <summary>
/// The bring-up wizard's window: the steps as `tailwart up` prints them (same names, same columns,
/// wrapped lines keep the evidence column), and while a step waits, a live line with how long it has
/// waited and what for. Esc hides it; the bring-up goes on and U shows it again.
/// </summary>
public sealed class BringUpOverlay : FrameView
{
    private readonly List<string> _fixed = [];
    private readonly List<BringUpEvent> _events = [];
    private readonly TimeProvider _time;
    private readonly TextBlock _body = new() { X = 0, Y = 0, FollowTail = true, Hang = l => l.StartsWith('[') ? BringUpPresenter.EvidenceColumn : 2, HotKeySpecifier = new System.Text.Rune(0xFFFF) };
    private string? _outcome;

    public BringUpOverlay(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Title = "Bring-up (Esc hides it; U shows it again)";
        X = Pos.Center();
        Y = Pos.Center();
        Width = Dim.Percent(96);
        Height = Dim.Percent(80);
        Visible = false;
        CanFocus = true;
        Add(_body);
    }

    /// <summary>The lines as shown (wrapping aside), the live waiting line included.</summary>
    public IReadOnlyList<string> Lines => [.. _body.Lines.Select(l => l.Text)];

    public bool Running { get; private set; }

    /// <summary>The last step reported, for what quitting now would leave half-done.</summary>
    public BringUpEvent? Last => _events.Count == 0 ? null : _events[^1];

    public void Start(string header)
    {
        _fixed.Clear();
        _events.Clear();
        _outcome = null;
        _fixed.Add(header);
        Running = true;
        Render();
    }

    public void Append(BringUpEvent e)
    {
        _events.Add(e);
        Render();
    }

    public void Finish(string outcome)
    {
        Running = false;
        _outcome = outcome;
        Render();
    }

    /// <summary>Called once a second while running: the waiting step's timer moves on.</summary>
    public bool Tick()
    {
        if (Running)
            Render();
        return Running;
    }

    private void Render()
    {
        var lines = new List<PresentedLine>(_fixed.Select(PresentedLine.Plain));
        lines.AddRange(_events.Select(e => new PresentedLine(BringUpPresenter.Line(e), e.Status == StepStatus.Failed ? Severity.Failure : Severity.Ok, BringUpPresenter.Line(e))));
        if (Running && Last is { Status: StepStatus.Started or StepStatus.Progress } last)
        {
            // The wait is counted from the step's start, and what it waits for is what the start said.
            BringUpEvent started = _events.LastOrDefault(e => e.Step == last.Step && e.Status == StepStatus.Started) ?? last;
            TimeSpan since = _time.GetUtcNow() - (started.At - started.Elapsed);
            lines.Add(new PresentedLine(BringUpPresenter.Waiting(started, since), Severity.Info, ""));
        }
        if (_outcome is not null)
            lines.Add(PresentedLine.Plain(_outcome));
        _body.FollowTail = true;
        _body.SetLines(lines);
    }
}
