namespace Tailwart.Tests.Reliability;

/// <summary>How one bounded run ended: its text, or the exception that escaped, or the deadline it missed.</summary>
public sealed record BoundedOutcome(string Text, Exception? Escaped, bool Hung, TimeSpan Elapsed)
{
    /// <summary>A crash is an exception that escaped, a stack trace in what the user sees, or the CLI's last-resort "unexpected error".</summary>
    public bool Crashed => Escaped is not null || LooksLikeStackTrace(Text) || Text.Contains("unexpected error", StringComparison.Ordinal);

    public static bool LooksLikeStackTrace(string text) =>
        text.Contains("   at ", StringComparison.Ordinal) && text.Contains("Exception", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="work"/> with a deadline; never throws, never waits past the deadline plus a grace second.</summary>
    public static async Task<BoundedOutcome> RunAsync(TimeSpan deadline, Func<CancellationToken, Task<string>> work)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var cts = new CancellationTokenSource();
        Task<string> task = Task.Run(() => work(cts.Token));
        Task winner = await Task.WhenAny(task, Task.Delay(deadline));
        if (winner != task)
        {
            cts.Cancel();
            return new BoundedOutcome("", null, true, clock.Elapsed);
        }
        try
        {
            return new BoundedOutcome(await task, null, false, clock.Elapsed);
        }
#pragma warning disable CA1031 // the point is to catch whatever escapes
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new BoundedOutcome(e.ToString(), e, false, clock.Elapsed);
        }
    }

    public override string ToString() =>
        Hung ? $"hung (no end within {Elapsed.TotalSeconds:0.0} s)" : Escaped is not null ? $"crashed: {Escaped}" : Text;
}
