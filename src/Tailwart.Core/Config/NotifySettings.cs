using Tailwart.Core.Secrets;

namespace Tailwart.Core.Config;

/// <summary>
/// Where `tailwart supervise` tells a person what it did or could not do. The mail server may be
/// what is down, so these are a command and a webhook, never mail through Stalwart.
/// </summary>
public sealed record NotifySettings
{
    /// <summary>A program and its arguments, run (no shell) with the decision in TAILWART_NOTIFY_* variables and as JSON on stdin; null: none.</summary>
    public IReadOnlyList<string>? Command { get; set; }

    /// <summary>A webhook the decision is POSTed to as JSON; a secret reference, because webhook URLs carry their token; null: none.</summary>
    public SecretReference? Url { get; set; }

    /// <summary>Each command run and each POST is cut off after this.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The same notification (kind and what was seen, times left out) is sent at most once in this window.</summary>
    public int DedupeMinutes { get; set; } = 30;

    /// <summary>At most this many notifications per hour; the rest are counted and said in the next one.</summary>
    public int MaxPerHour { get; set; } = 12;
}
