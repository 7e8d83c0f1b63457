namespace Tailwart.Core.Logs;

/// <summary>A log line's level, from Stalwart's line format or guessed for other services.</summary>
public enum LogSeverity
{
    Unknown,
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}
