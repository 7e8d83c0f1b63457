using System.CommandLine;
using System.Runtime.InteropServices;
using Tailwart.Core.Bans;

namespace Tailwart.Cli;

/// <summary>
/// SIGINT (Ctrl-C), SIGTERM (systemd stop, kill) and SIGHUP (the SSH connection dropped) all stop
/// tailwart the same way: the first one cancels the running verb's token, so the step in progress
/// ends at its next safe point (every Core wait and call takes the token); the verb ends with an
/// audit line saying which signal stopped what, and the shell's exit code for that signal
/// (128 + signo: 130, 143, 129). A second signal is not intercepted: the runtime's default
/// (terminate) applies, the way out when a step does not reach a safe point.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received; // PosixSignal value + 1000, 0: none (PosixSignal values are negative)

    /// <summary>The signals of this process; null outside the executable (in-process tests).</summary>
    public static ShutdownSignals? Current { get; private set; }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Received => Volatile.Read(ref _received) is var r and not 0 ? (PosixSignal)(r - 1000) : null;

    /// <summary>Registers SIGINT, SIGTERM and SIGHUP for this process.</summary>
    public static ShutdownSignals Install()
    {
        var signals = new ShutdownSignals();
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            signals._registrations.Add(PosixSignalRegistration.Create(signal, signals.Handle));
        Current = signals;
        return signals;
    }

    /// <summary>Records <paramref name="signal"/> as if it had arrived (the handler's body; tests call it directly).</summary>
    public bool Signal(PosixSignal signal)
    {
        if (Interlocked.CompareExchange(ref _received, (int)signal + 1000, 0) != 0)
            return false;
        _cancel.Cancel();
        return true;
    }

    /// <summary>The exit code for <paramref name="signal"/>: 128 + its number, as a shell reports a process the signal ended.</summary>
    public static int ExitCodeFor(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGTERM => 143,
        PosixSignal.SIGHUP => 129,
        _ => ExitCodes.Interrupted,
    };

    /// <summary>
    /// How a verb ends once a signal came (or Ctrl-C cancelled an in-process run): says so, writes the
    /// audit line naming the verb, the signal and the last step the verb recorded (its state), and
    /// returns the signal's exit code.
    /// </summary>
    /// <param name="finished">The verb returned normally after the signal (its action completed) rather than stopping.</param>
    internal static int Conclude(VerbContext context, ParseResult parse, bool finished)
    {
        PosixSignal signal = Current?.Received ?? PosixSignal.SIGINT;
        string verb = VerbName(parse);
        string outcome = finished ? "the action in progress finished, then tailwart stopped" : "stopped at a safe point";
        var audit = AuditLog.InState(context.State, TimeProvider.System, context.Redactor);
        string? last = LastStep(audit.Path, verb, context.StartedAt);
        string state = last is null ? "no action had been recorded" : $"last recorded step: {last}";
        int code = ExitCodeFor(signal);
        audit.Write("signal", $"{Name(signal)} during `tailwart {verb}`: {outcome}; {state} (exit {code})");
        context.Output.Error($"{Name(signal)}: {verb} {(finished ? "finished" : "interrupted")}; {state}.{(finished ? "" : " Check the stack with `tailwart status`.")}");
        return code;
    }

    /// <summary>"SIGTERM", "SIGHUP", "SIGINT".</summary>
    public static string Name(PosixSignal signal) => signal.ToString();

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        if (Current == this)
            Current = null;
        _cancel.Dispose();
    }

    private volatile bool _terminate;

    /// <summary>
    /// From now on a signal ends the process at once (the runtime's default). The TUI asks for it: it
    /// has no verb token to stop at a safe point, and after SIGHUP its terminal is gone, so waiting for
    /// the input reader to notice would keep a dead session's process alive for a second or more.
    /// </summary>
    public void TerminateOnSignal() => _terminate = true;

    private void Handle(PosixSignalContext context)
    {
        // Cancel the default (terminate) only for the first signal: a second one ends the process.
        context.Cancel = !_terminate && Signal(context.Signal);
    }

    private static string VerbName(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (r.Command is not RootCommand)
                names.Insert(0, r.Command.Name);
        }
        return names.Count == 0 ? "tui" : string.Join(' ', names);
    }

    /// <summary>The verb's own last audit line of this run (action name like "bans.flush"), so the admin sees where it was.</summary>
    private static string? LastStep(string auditPath, string verb, DateTimeOffset since)
    {
        try
        {
            if (!File.Exists(auditPath))
                return null;
            string action = verb.Replace(' ', '.');
            string? last = null;
            foreach (string line in File.ReadLines(auditPath).TakeLast(200))
            {
                string[] parts = line.Split(' ', 3);
                if (parts.Length == 3 && parts[1].StartsWith(action, StringComparison.Ordinal)
                    && DateTimeOffset.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                    && at >= since.AddSeconds(-1))
                    last = parts[2];
            }
            return last;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
