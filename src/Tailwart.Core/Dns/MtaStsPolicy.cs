using System.Globalization;

namespace Tailwart.Core.Dns;

/// <summary>
/// An MTA-STS policy as served at <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>
/// (RFC 8461 §3.2): <c>key: value</c> lines (LF or CRLF) with version STSv1, mode enforce | testing
/// | none, one or more mx patterns and max_age in seconds. Unknown keys are ignored, as the RFC asks;
/// what a sending MTA would reject is collected in <see cref="Problems"/>, so bad input is a finding,
/// never an exception.
/// </summary>
public sealed record MtaStsPolicy(string? Version, string? Mode, long? MaxAge, IReadOnlyList<string> Mx, IReadOnlyList<string> Problems)
{
    /// <summary>RFC 8461 §3.2: max_age is at most 31557600 s (about a year).</summary>
    public const long MaxAgeLimit = 31_557_600;

    /// <summary>The modes RFC 8461 defines.</summary>
    public static readonly IReadOnlyList<string> Modes = ["enforce", "testing", "none"];

    /// <summary>True when a sending MTA would use this policy (no problems found).</summary>
    public bool IsValid => Problems.Count == 0;

    public static MtaStsPolicy Parse(string text)
    {
        string? version = null, mode = null, maxAgeText = null;
        var mx = new List<string>();
        var problems = new List<string>();
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
                continue;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problems.Add($"line {lineNumber} is not 'key: value': {Clip(line)}");
                continue;
            }
            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "version":
                    version ??= value;
                    break;
                case "mode":
                    mode ??= value;
                    break;
                case "max_age":
                    maxAgeText ??= value;
                    break;
                case "mx":
                    mx.Add(value);
                    break;
            }
        }
        if (version != "STSv1")
            problems.Add(version is null ? "no version line" : $"version is '{Clip(version)}', not STSv1");
        if (mode is null)
            problems.Add("no mode line");
        else if (!Modes.Contains(mode, StringComparer.Ordinal))
            problems.Add($"mode '{Clip(mode)}' is not enforce, testing or none");
        long? maxAge = null;
        if (maxAgeText is null)
            problems.Add("no max_age line");
        else if (maxAgeText.Length > 10 || !long.TryParse(maxAgeText, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
            problems.Add($"max_age '{Clip(maxAgeText)}' is not a number of seconds");
        else if (seconds > MaxAgeLimit)
            problems.Add($"max_age {seconds} is over the RFC's limit of {MaxAgeLimit} s");
        else
            maxAge = seconds;
        if (mx.Count == 0 && mode != "none")
            problems.Add("no mx line (only mode none may omit them)");
        foreach (string pattern in mx.Where(p => !IsMxPattern(p)))
            problems.Add($"mx '{Clip(pattern)}' is not a host name or *.domain pattern");
        return new MtaStsPolicy(version, mode, maxAge, mx, problems);
    }

    /// <summary>A host name, or a wildcard whose '*' is the whole leftmost label (RFC 8461 §3.2 / §4.1).</summary>
    private static bool IsMxPattern(string pattern)
    {
        string name = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return name.Length is > 0 and <= 253 && name.Contains('.', StringComparison.Ordinal)
            && name.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    private static string Clip(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
