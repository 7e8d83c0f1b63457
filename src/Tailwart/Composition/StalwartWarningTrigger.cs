using Tailwart.Core.Logs;

namespace Tailwart.Cli;

/// <summary>
/// Turns Stalwart's own warnings into a re-diagnosis of the services pane: a store that stops answering
/// makes no Docker event, but Stalwart logs it, and the Logs pane already follows that log. At most one
/// poke per <c>every</c>, so a failure that logs on every request (or a warning the diagnosis's own reads
/// cause) runs the diagnosis no more often than the fixed refresh it replaces (issue 18).
/// </summary>
public sealed class StalwartWarningTrigger(string stalwartService, TimeSpan every, TimeProvider time, Action poke)
{
    private long _last = long.MinValue;

    /// <summary>Looks at one line as the buffer takes it (any thread; cheap for every other line).</summary>
    public void OnLine(LogLine line)
    {
        if (line.Severity < LogSeverity.Warn || !string.Equals(line.Service, stalwartService, StringComparison.Ordinal))
            return;
        long now = time.GetTimestamp();
        long last = Interlocked.Read(ref _last);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < every)
            return;
        if (Interlocked.CompareExchange(ref _last, now, last) == last)
            poke();
    }
}
