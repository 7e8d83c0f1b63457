using Tailwart.Core.Docker;

namespace Tailwart.Core.BringUp;

/// <summary>
/// Whether Stalwart still shares the current sidecar's network namespace (external.md §5): a
/// container that joined <c>container:ID</c> keeps that netns forever, so a recreated sidecar (new
/// id) or a restarted one (same id, new netns) leaves Stalwart with only <c>lo</c>.
/// </summary>
public static class StaleNetns
{
    /// <summary>Why Stalwart must be recreated (it joined another sidecar container), or null.</summary>
    public static string? CreatedForOtherSidecar(ContainerSnapshot stalwart, ContainerSnapshot sidecar)
    {
        if (stalwart.NetworkMode is not { } mode || !mode.StartsWith("container:", StringComparison.Ordinal))
            return stalwart.NetworkMode is null ? null
                : $"stale netns: {stalwart.Name} has network mode '{stalwart.NetworkMode}', not the sidecar's netns (compose v1 falls back to a bridge when the sidecar was stopped at create time): recreating it";
        string joined = mode["container:".Length..];
        return sidecar.Id.StartsWith(joined, StringComparison.Ordinal) || joined == sidecar.Name
            ? null
            : $"stale netns: {stalwart.Name} joined the netns of container {joined[..Math.Min(12, joined.Length)]}, but the sidecar is now {sidecar.ShortId} (recreated): recreating {stalwart.Name}";
    }

    /// <summary>Why a running Stalwart lost its network (the sidecar started after it), or null.</summary>
    public static string? SidecarRestartedSince(ContainerSnapshot stalwart, ContainerSnapshot sidecar) =>
        stalwart.IsRunning && sidecar.StartedAt is { } s && stalwart.StartedAt is { } w && s > w
            ? $"stale netns: the sidecar (re)started at {s:HH:mm:ss}, after {stalwart.Name} ({w:HH:mm:ss}), so {stalwart.Name} is left without a network"
            : null;
}
