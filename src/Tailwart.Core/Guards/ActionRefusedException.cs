namespace Tailwart.Core.Guards;

/// <summary>
/// A guard refused an action before it ran: a budget, the read-only policy. Every caller (verb
/// or pane) reports the message and nothing else; verbs exit 3.
/// </summary>
public abstract class ActionRefusedException(string message) : UserFacingException(message);
