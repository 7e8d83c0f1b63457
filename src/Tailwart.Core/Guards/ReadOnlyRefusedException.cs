namespace Tailwart.Core.Guards;

/// <summary>The read-only policy refused an action; nothing was sent or changed.</summary>
public sealed class ReadOnlyRefusedException(GuardedAction action)
    : ActionRefusedException(ReadOnlyPolicy.RefusalFor(action))
{
    public GuardedAction Action { get; } = action;
}
