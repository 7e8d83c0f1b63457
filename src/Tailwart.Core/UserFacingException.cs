namespace Tailwart.Core;

/// <summary>
/// An error whose message is written for the admin at the terminal: what was wrong, where, and
/// how to fix it. Verbs print the message (never a stack trace) and exit 2.
/// </summary>
public class UserFacingException(string message, Exception? inner = null) : Exception(message, inner);
