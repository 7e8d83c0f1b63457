using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Terminal.Gui.Drivers;

namespace Tailwart.Tui.Loop;

/// <summary>
/// Terminal.Gui's ANSI input, read without spinning. The stock loop asks "any input?" and then
/// sleeps 20 ms through a timer and the thread pool: 50 wake-ups a second and most of an idle
/// TUI's CPU. This one sleeps in <c>poll(2)</c> on stdin and on a wake pipe until a key arrives or
/// the loop is cancelled (the cancellation writes a byte to the pipe), then lets
/// <see cref="AnsiInput"/> read and decode as usual. An idle TUI's input thread does not wake at
/// all: the 200 ms poll timeout it had to notice shutdown was a third of the idle CPU (perf,
/// 2026-12-07). It re-implements <see cref="IInput{TInputRecord}"/> so the coordinator calls this
/// <see cref="Run"/>; everything else is the stock class. <c>onInput</c> is told after each read (it
/// wakes the main loop, see <see cref="IdleGate"/>).
/// </summary>
internal sealed partial class QuietAnsiInput(Action onInput, Action onHangup) : AnsiInput, IInput<char>
{
    /// <summary>Without a terminal (headless tests): how often injected input is looked for.</summary>
    public static readonly TimeSpan WakeEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>A safety net only: the wake pipe ends the wait at cancellation, so this is not a pace.</summary>
    private const int PollTimeoutMs = 30_000;

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
        using var wake = WakePipe.Open();
        using CancellationTokenRegistration onCancel = ct.Register(() => wake?.Signal());
        Span<PollFd> fds = [new PollFd { Fd = 0, Events = PollIn }, new PollFd { Fd = wake?.ReadFd ?? -1, Events = PollIn }];
        while (!ct.IsCancellationRequested)
        {
            if (_hungUp || !IsAttachedToTerminal)
            {
                // Nothing to poll (no terminal, or it went away): only injected input, checked now and then.
                ct.WaitHandle.WaitOne(WakeEvery);
            }
            else
            {
                fds[0].REvents = 0;
                fds[1].REvents = 0;
                // no wake pipe (pipe2 failed): poll skips its fd -1, and shutdown is noticed every WakeEvery
                int timeout = wake is null ? (int)WakeEvery.TotalMilliseconds : PollTimeoutMs;
                int ready = Poll(ref fds[0], (nuint)fds.Length, timeout);
                if (ready < 0 && Marshal.GetLastPInvokeError() != Eintr)
                    ct.WaitHandle.WaitOne(WakeEvery);
                if ((fds[0].REvents & PollIn) == 0 && (fds[0].REvents & (PollHup | PollErr | PollNval)) != 0)
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

    /// <summary>A pipe whose read end becomes readable when <see cref="Signal"/> is called (cancellation).</summary>
    private sealed partial class WakePipe : IDisposable
    {
        private const int OCloExec = 0x80000;
        private const int ONonBlock = 0x800;
        private readonly int _writeFd;
        private int _signalled;

        private WakePipe(int readFd, int writeFd)
        {
            ReadFd = readFd;
            _writeFd = writeFd;
        }

        public int ReadFd { get; }

        /// <summary>A new pipe, or null when the system would not give one (then the loop polls with a timeout).</summary>
        public static unsafe WakePipe? Open()
        {
            int* fds = stackalloc int[2];
            return Pipe2(fds, OCloExec | ONonBlock) == 0 ? new WakePipe(fds[0], fds[1]) : null;
        }

        public unsafe void Signal()
        {
            if (Interlocked.Exchange(ref _signalled, 1) != 0)
                return;
            byte one = 1;
            _ = Write(_writeFd, &one, 1);
        }

        public void Dispose()
        {
            _ = Close(ReadFd);
            _ = Close(_writeFd);
        }

        [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
        private static unsafe partial int Pipe2(int* fds, int flags);

        [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
        private static unsafe partial nint Write(int fd, byte* buffer, nuint count);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        private static partial int Close(int fd);
    }
}
