using System.Runtime.InteropServices;
using Terminal.Gui.App;

namespace Tailwart.Tui.Loop;

/// <summary>
/// Lets Terminal.Gui's main loop sleep while nothing happens. The stock loop runs 25 passes a
/// second whatever happens (each one a timer, a thread-pool hop and a cursor write): most of an
/// idle TUI's CPU. At the start of each pass (<see cref="IApplication.Iteration"/>) this waits
/// until there is work: a key (<see cref="Wake"/> from the input), a callback or timer added from
/// any thread (<see cref="ITimedEvents.Added"/>, which is how <c>app.Invoke</c> works), a resize
/// (SIGWINCH), the next timer falling due, or at most <see cref="MaxSleep"/>. For a while after
/// each wake-up (and at start-up, while the terminal answers Terminal.Gui's queries) the loop runs
/// at full rate, so a lone Esc (held 50 ms to tell it from a key sequence) and typing are not slowed.
/// The gate also paces the loop: Terminal.Gui caps it at 25 passes a second with a <c>Task.Delay</c>
/// after each pass (a timer-thread wake-up, a thread-pool hop that wakes more workers, and a spinning
/// wait: most of what an idle TUI still did twice a second, issue 18), so <see cref="Attach"/> lifts
/// that cap and the gate keeps the same 25 per second with a plain sleep of the loop thread.
/// </summary>
internal sealed class IdleGate : IDisposable
{
    /// <summary>The longest sleep: bounds whatever Terminal.Gui checks per pass that no event announces.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the loop stays at full rate after a wake-up.</summary>
    public static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(300);

    /// <summary>Full rate at start-up, while the terminal answers Terminal.Gui's capability queries.</summary>
    public static readonly TimeSpan StartUp = TimeSpan.FromSeconds(2);

    /// <summary>The shortest pass while busy: Terminal.Gui's default cap of 25 passes a second.</summary>
    public static readonly TimeSpan MinPass = TimeSpan.FromMilliseconds(40);

    // No spinning before blocking: the waits here are long or until a key, never a few microseconds.
    private readonly ManualResetEventSlim _work = new(false, spinCount: 0);
    private long _lastPass = long.MinValue;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan?> _nextTimer;
    private long _busyUntil;

    /// <param name="nextTimer">Time until the next timer falls due, or null when there is none.</param>
    public IdleGate(Func<TimeSpan?> nextTimer, TimeProvider time)
    {
        _nextTimer = nextTimer;
        _time = time;
        _busyUntil = (time.GetUtcNow() + StartUp).UtcTicks;
    }

    /// <summary>Gates <paramref name="app"/>'s main loop; dispose to let it run freely again.</summary>
    public static IdleGate Attach(IApplication app)
    {
        var gate = new IdleGate(() => NextTimer(app.TimedEvents), TimeProvider.System);
        if (app.TimedEvents is not { } timed)
            return gate; // nothing announces callbacks: leave the loop ungated
        timed.Added += gate.OnTimerAdded;
        app.Iteration += gate.OnIteration;
        // The gate paces instead (WaitForWork): at this cap Terminal.Gui's own delay after a pass is under 1 ms, so it skips it.
        Application.MaximumIterationsPerSecond = 1000;
        gate._detach = () =>
        {
            timed.Added -= gate.OnTimerAdded;
            app.Iteration -= gate.OnIteration;
            Application.MaximumIterationsPerSecond = Application.DefaultMaximumIterationsPerSecond;
        };
        try
        {
            gate._resize = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => gate.Wake());
        }
        catch (PlatformNotSupportedException)
        {
            // No SIGWINCH (Windows): a resize is noticed within MaxSleep.
        }
        return gate;
    }

    private Action? _detach;
    private PosixSignalRegistration? _resize;

    /// <summary>There is work: end the current sleep (any thread) and stay at full rate for <see cref="Busy"/>.</summary>
    public void Wake()
    {
        Interlocked.Exchange(ref _busyUntil, (_time.GetUtcNow() + Busy).UtcTicks);
        _work.Set();
    }

    /// <summary>Blocks until there is work or the next timer is due; returns at once while busy.</summary>
    public void WaitForWork()
    {
        Pace();
        WaitUntilWork();
        _lastPass = _time.GetTimestamp(); // the pass begins now
    }

    private void WaitUntilWork()
    {
        _work.Reset();
        DateTimeOffset now = _time.GetUtcNow();
        if (now.UtcTicks < Interlocked.Read(ref _busyUntil))
            return;
        TimeSpan sleep = _nextTimer() is TimeSpan due && due < MaxSleep ? due : MaxSleep;
        if (sleep > TimeSpan.Zero)
            _work.Wait(sleep);
    }

    /// <summary>At most one pass per <see cref="MinPass"/>: sleeps the rest of it since the last pass began.</summary>
    private void Pace()
    {
        if (_lastPass != long.MinValue && _time.GetElapsedTime(_lastPass) is var since && since < MinPass)
            Thread.Sleep(MinPass - since);
    }

    public void Dispose()
    {
        _detach?.Invoke();
        _resize?.Dispose();
        // _work stays usable: the input thread may still report a key until the app has stopped it.
        _work.Set();
    }

    private void OnTimerAdded(object? sender, TimeoutEventArgs e) => _work.Set();

    private void OnIteration(object? sender, EventArgs e) => WaitForWork();

    private static TimeSpan? NextTimer(ITimedEvents? timed) =>
        timed is TimedEvents stock
            ? stock.CheckTimers(out int ms) ? TimeSpan.FromMilliseconds(ms) : null
            : TimeSpan.Zero; // an unknown timer store: do not sleep past its timers
}
