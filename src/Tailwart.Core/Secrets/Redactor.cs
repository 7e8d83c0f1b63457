using System.Collections.Concurrent;

namespace Tailwart.Core.Secrets;

/// <summary>
/// Knows every secret value tailwart has resolved and scrubs them from text before it reaches a
/// log file, a screen or JSON. Values shorter than 4 characters are not scrubbed: they would
/// mangle ordinary text, and a secret that short is refused nowhere else either.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "********";
    private const int MinimumLength = 4;
    private readonly ConcurrentDictionary<string, byte> _values = new(StringComparer.Ordinal);

    public void Add(string value)
    {
        if (value.Length >= MinimumLength)
            _values.TryAdd(value, 0);
    }

    public string Redact(string text)
    {
        if (_values.IsEmpty || string.IsNullOrEmpty(text))
            return text;
        // Longest first, so a secret that contains another is masked whole.
        foreach (string value in _values.Keys.OrderByDescending(v => v.Length))
        {
            if (text.Contains(value, StringComparison.Ordinal))
                text = text.Replace(value, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}
