using Tailwart.Core.KeyTest;

namespace Tailwart.Tui.Probes;

/// <summary>A key test's answer as the Probes tab shows it: verdict, status, latency, the explanation and lesson 2's reminder.</summary>
public static class KeyTestLines
{
    /// <summary>Lesson 2: the admin UI renders secret fields blank even when they are set.</summary>
    public const string BlankFieldReminder = "Remember (lesson 2): a secret field that shows blank in Stalwart's admin UI is not evidence that it is unset.";

    public static IReadOnlyList<string> Render(KeyTestResult result, bool typed)
    {
        var lines = new List<string>
        {
            $"Spaceship key test, with {(typed ? "the key you typed (held in memory for this one request, now forgotten)" : "the key from tailwart.json")}:",
            $"  {result.Verdict}{(result.Status is int s ? $" [{s}]" : "")} in {result.Latency.TotalMilliseconds:0} ms{(result.RetryAfter is { } wait ? $" · retry after {wait.TotalSeconds:0} s" : "")}",
            "  " + result.Explanation,
        };
        if (!result.Explanation.Contains("not evidence that it is unset", StringComparison.Ordinal))
            lines.Add("  " + BlankFieldReminder);
        if (typed)
            lines.Add("  This tested the key you typed; Stalwart uses the one saved in its ACME DNS provider settings, which may differ.");
        return lines;
    }
}
