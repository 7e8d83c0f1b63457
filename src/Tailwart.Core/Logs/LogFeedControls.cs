namespace Tailwart.Core.Logs;

/// <summary>
/// The Logs pane's handles on the live feed the facade runs into its buffer: follow every service,
/// and load more of the past. The feed itself (and its Docker client) stays inside Core.
/// </summary>
public sealed record LogFeedControls(Func<CancellationToken, Task> FollowAsync, Func<int, CancellationToken, Task> LoadOlderAsync);
