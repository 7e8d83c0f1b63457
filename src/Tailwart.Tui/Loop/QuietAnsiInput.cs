using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Terminal.Gui.Drivers;

namespace Tailwart.Tui.Loop;

/// <summary>
/// Terminal.Gui's ANSI input, read without spinning. The stock loop asks "any input?" and then
/// sleeps 20 ms through a timer and the thread pool: 50 wake-ups a second and most of an idle
/// TUI's CPU. This one sleeps in <c>poll(2)</c> on stdin until a key arrives (or
/// <see cref="WakeEvery"/> passes, to notice shutdown), then lets <see cref="AnsiInput"/> read and
/// decode as usual. It re-implements <see cref="IInput{TInputRecord}"/> so the coordinator calls
/// this <see cref="Run"/>; everything else is the stock class. <c>onInput</c> is told after each read
/// (it wakes the main loop, see <see cref="IdleGate"/>).
/// </summary>
internal sealed partial class QuietAnsiInput(Action onInput, Action onHangup) : AnsiInput, IInput<char>
{
    /// <summary>How often the loop looks at its cancellation token: also the worst extra wait at exit.</summary>
    public static readonly TimeSpan WakeEvery = TimeSpan.FromMilliseconds(200);

    private const short PollIn = 0x001;
    private const short PollErr = 0x008;
    private const short PollHup = 0x010;
    private const short PollNval = 0x020;
    private const int Eintr = 4;

    private ConcurrentQueue<char>? _queue;
    private bool _hungUp;

    public new void Initialize(ConcurrentQueue<char> inputQueue)
    {
        _queue = inputQueue;
        base.Initialize(inputQueue);
    }

    public new void Run(CancellationToken runCancellationToken)
    {
        ConcurrentQueue<char> queue = _queue ?? throw new InvalidOperationException("Run before Initialize");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runCancellationToken, ExternalCancellationTokenSource?.Token ?? CancellationToken.None);
        CancellationToken ct = linked.Token;
        var stdin = new PollFd { Fd = 0, Events = PollIn };
        while (!ct.IsCancellationRequested)
        {
            if (_hungUp || !IsAttachedToTerminal)
            {
                // Nothing to poll (no terminal, or it went away): only injected input, checked now and then.
                ct.WaitHandle.WaitOne(WakeEvery);
            }
            else
            {
                stdin.REvents = 0;
                int ready = Poll(ref stdin, 1, (int)WakeEvery.TotalMilliseconds);
                if (ready < 0 && Marshal.GetLastPInvokeError() != Eintr)
                    ct.WaitHandle.WaitOne(WakeEvery);
                if ((stdin.REvents & PollIn) == 0 && (stdin.REvents & (PollHup | PollErr | PollNval)) != 0)
                {
                    // The terminal is gone (a dropped SSH session): say so once, then stop reading it.
                    _hungUp = true;
                    onHangup();
                    continue;
                }
            }
            Drain(queue, ct);
        }
    }

    /// <summary>Moves what can be read now into the queue; <see cref="AnsiInput.Peek"/> also sees input injected by tests.</summary>
    private void Drain(ConcurrentQueue<char> queue, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && Peek())
        {
            int read = 0;
            foreach (char c in Read())
            {
                queue.Enqueue(c);
                read++;
            }
            if (read == 0)
                return; // readable but nothing came (end of input): poll again rather than spin
            onInput();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fd, nuint count, int timeoutMs);
}
