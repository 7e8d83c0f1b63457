using System.Text.RegularExpressions;

namespace Tailwart.Core.Logs;

/// <summary>
/// A known log line: how to recognise it, which edge lesson explains it, and what to do.
/// </summary>
public sealed record LogSignature(string Id, Regex Pattern, int? Lesson, string Title, string Explanation, string Fix)
{
    public bool Matches(string text) => Pattern.IsMatch(text.Length > LogSignatureCatalogue.MatchWindow ? text[..LogSignatureCatalogue.MatchWindow] : text);
}
