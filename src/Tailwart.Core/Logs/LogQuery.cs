using System.Text.RegularExpressions;

namespace Tailwart.Core.Logs;

/// <summary>
/// Which lines to show: an include regex, an exclude regex, a minimum level and a set of
/// services. Shared by the Logs pane and `tailwart logs --grep`. Regexes are non-backtracking
/// with a timeout, so a pattern typed at 3 a.m. cannot freeze the screen.
/// </summary>
public sealed record LogQuery
{
    public static readonly LogQuery All = new();

    public Regex? Include { get; init; }
    public Regex? Exclude { get; init; }
    public LogSeverity MinimumSeverity { get; init; } = LogSeverity.Unknown;
    public IReadOnlySet<string>? Services { get; init; }

    public bool IsEmpty => Include is null && Exclude is null && MinimumSeverity == LogSeverity.Unknown && Services is null;

    /// <summary>Compiles a user's pattern, or says what is wrong with it.</summary>
    public static Regex Pattern(string text)
    {
        try
        {
            return new Regex(text, RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        catch (ArgumentException e)
        {
            throw new UserFacingException($"'{text}' is not a regular expression: {e.Message}");
        }
    }

    public bool Matches(LogLine line)
    {
        if (Services is not null && !Services.Contains(line.Service))
            return false;
        // Lines whose level is unknown are kept by a level filter only when no filter is set.
        if (MinimumSeverity != LogSeverity.Unknown && line.Severity < MinimumSeverity)
            return false;
        if (Include is not null && !line.IsMatch(Include))
            return false;
        return Exclude is null || !line.IsMatch(Exclude);
    }
}
