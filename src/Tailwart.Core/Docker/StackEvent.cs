namespace Tailwart.Core.Docker;

/// <summary>One Docker event about a container of the compose project: which service, what happened (start, die, restart, create, destroy…), to which container, when.</summary>
public sealed record StackEvent(string Service, string Action, string ContainerId, DateTimeOffset At)
{
    public string ShortId => ContainerId.Length > 12 ? ContainerId[..12] : ContainerId;
}
