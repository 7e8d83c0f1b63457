namespace Tailwart.Core.Config;

/// <summary>The probe budget: one probe per target and port per interval (lesson 3).</summary>
public sealed record ProbeSettings
{
    /// <summary>No config can go below this: probing faster re-arms Stalwart's bans.</summary>
    public const int FloorSeconds = 10;

    public int IntervalSeconds { get; set; } = 60;
}
