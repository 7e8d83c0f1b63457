using Tailwart.Core.Checks;
using Tailwart.Core.Logs;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Acme;

/// <summary>
/// 0.16's ACME failures, read from the task queue because 0.16.18 never logs them above DEBUG (a temporary
/// AcmeRenewal failure is retried forever: v0.16.18 crates/services/src/task_manager/manager.rs perpetual_retry_time).
/// A renewal in <c>Retry</c> or <c>Failed</c> becomes the finding the 0.15 log path gives for the same failure:
/// the failure reason is matched against the log signatures (most specific first), so a registrar rejecting
/// the DNS key is <c>log.acme-dns-unauthorized</c> (lesson 2) on both versions. Evidence says it came from
/// the task state, not from a log line. A DNS publish failure never reached the CA: it is not counted as a
/// failed validation in the Let's Encrypt budget.
/// </summary>
public static class AcmeTaskJudge
{
    private const string Fallback = "log.acme-failure";

    public static IReadOnlyList<Finding> Judge(IReadOnlyList<AcmeRenewalTask> tasks)
    {
        var findings = new List<Finding>();
        foreach (var group in tasks.Where(t => t.Status is "Retry" or "Failed")
                     .GroupBy(t => Signature(t.FailureReason).Id, StringComparer.Ordinal))
        {
            LogSignature sig = Signature(group.First().FailureReason);
            bool failed = group.Any(t => t.Status == "Failed");
            string evidence = string.Join("; ", group.Select(Describe));
            findings.Add(new(sig.Id, failed ? Severity.Failure : Severity.Warning, sig.Title,
                "from Stalwart's task state (0.16 logs no ACME failure above DEBUG): " + evidence, sig.Lesson, sig.Fix));
        }
        return findings;
    }

    private static LogSignature Signature(string? reason) =>
        (reason is null ? null : LogSignatureCatalogue.MatchAll(reason).FirstOrDefault(s => s.Id.StartsWith("log.acme-", StringComparison.Ordinal)))
        ?? LogSignatureCatalogue.All.First(s => s.Id == Fallback);

    private static string Describe(AcmeRenewalTask t)
    {
        string when = t.Status == "Retry"
            ? $"retrying (attempt {t.Attempt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}{(t.Due is { } due ? $", next {due.UtcDateTime:yyyy-MM-dd HH:mm}Z" : "")}; 0.16 retries it forever)"
            : $"failed for good after {t.Attempt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} attempt(s)";
        return $"AcmeRenewal task {t.Id}{(t.DomainId is null ? "" : $" (domain {t.DomainId})")} {when}: {t.FailureReason ?? "no reason given"}";
    }
}
