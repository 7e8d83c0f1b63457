namespace Tailwart.Core.Config;

/// <summary>Where the supervised compose project lives and which compose CLI drives it.</summary>
public sealed record ComposeSettings
{
    public required string ProjectDirectory { get; init; }
    public string? ProjectName { get; init; }
    public required IReadOnlyList<string> Files { get; init; }
    public string Command { get; set; } = "auto";
}
