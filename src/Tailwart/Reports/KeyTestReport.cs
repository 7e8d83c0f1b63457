namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart key-test --json`. Never carries the key or secret.</summary>
public sealed record KeyTestReport(int ExitCode, int? Status, bool KeyWorks, string Verdict, string Explanation, string? ErrorCode, double? RetryAfterSeconds, double LatencyMs);
