namespace Tailwart.Core.KeyTest;

/// <summary>The answer to one Spaceship key test, explained (lesson 2).</summary>
public sealed record KeyTestResult(int? Status, bool KeyWorks, string Verdict, string Explanation, string? ErrorCode, TimeSpan? RetryAfter, TimeSpan Latency);
