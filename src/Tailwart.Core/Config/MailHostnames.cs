namespace Tailwart.Core.Config;

/// <summary>The names Stalwart serves; one wildcard certificate covers them (lesson 4).</summary>
public sealed record MailHostnames
{
    public required string Mail { get; init; }
    public string? MtaSts { get; init; }
    public string? Autoconfig { get; init; }
    public string? Autodiscover { get; init; }

    /// <summary>All configured names, mail first.</summary>
    public IEnumerable<string> All() =>
        new[] { Mail, MtaSts, Autoconfig, Autodiscover }.Where(n => !string.IsNullOrEmpty(n)).Select(n => n!);
}
