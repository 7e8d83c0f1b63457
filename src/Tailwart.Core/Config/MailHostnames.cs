namespace Tailwart.Core.Config;

/// <summary>The names Stalwart serves; one wildcard certificate covers them (lesson 4).</summary>
public sealed record MailHostnames
{
    public required string Mail { get; init; }
    public string? MtaSts { get; init; }
    public string? Autoconfig { get; init; }
    public string? Autodiscover { get; init; }

    /// <summary>Further names Stalwart serves (imap., smtp., jmap. …); the certificate must cover them too.</summary>
    public IReadOnlyList<string> Additional { get; set; } = [];

    /// <summary>All configured names, mail first, each once.</summary>
    /// <remarks>A settable property: the source-generated reader would assign an init-only one null when the key is absent (ConfigDefaultsTests).</remarks>
    public IEnumerable<string> All() =>
        new[] { Mail, MtaSts, Autoconfig, Autodiscover }.Concat(Additional ?? []).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).Distinct(StringComparer.OrdinalIgnoreCase);
}
