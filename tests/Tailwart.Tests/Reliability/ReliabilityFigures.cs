using System.Collections.Concurrent;

namespace Tailwart.Tests.Reliability;

/// <summary>
/// The numbers issue 10 asks for, counted by the reliability tests and appended as
/// <c>figure name value</c> lines to the file named by TAILWART_RELIABILITY_FIGURES
/// (tests/reliability/run sums and prints them). Without the variable nothing is written.
/// </summary>
public static class ReliabilityFigures
{
    private static readonly object Gate = new();
    private static readonly ConcurrentDictionary<string, long> Totals = new(StringComparer.Ordinal);

    public static void Add(string figure, long value)
    {
        Totals.AddOrUpdate(figure, value, (_, old) => old + value);
        string? file = Environment.GetEnvironmentVariable("TAILWART_RELIABILITY_FIGURES");
        if (string.IsNullOrEmpty(file))
            return;
        lock (Gate)
            File.AppendAllText(file, $"{figure} {value}\n");
    }

    /// <summary>One input tried against one component: counts it, its crash and its hang.</summary>
    public static void Tried(string corpus, BoundedOutcome outcome)
    {
        Add($"inputs.{corpus}", 1);
        Add("inputs.total", 1);
        Add("crashes", outcome.Crashed ? 1 : 0);
        Add("hangs", outcome.Hung ? 1 : 0);
    }
}
