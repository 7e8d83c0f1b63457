namespace Tailwart.Core.Docker;

/// <summary>Docker's event stream ended or failed (dockerd restarted, its socket went away): reconnect and re-read the stack.</summary>
public sealed class StackEventsLostException(string message, Exception? inner = null) : Exception(message, inner);
