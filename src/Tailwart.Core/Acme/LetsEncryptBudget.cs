using System.Text.RegularExpressions;
using Tailwart.Core.Checks;
using Tailwart.Core.Logs;

namespace Tailwart.Core.Acme;

/// <summary>
/// Let's Encrypt's limits as they bite this stack (lesson 7; external.md §3): at most 5
/// certificates per exact identifier set per 7 days (from Cert Spotter), at most 5 failed
/// validations per hostname per hour (from Stalwart's ACME events), and orders in the last
/// 3 hours. The limits are token buckets; this reads them as sliding windows, which is the
/// cautious side: "safe from" is never earlier than Let's Encrypt would allow.
/// </summary>
public static partial class LetsEncryptBudget
{
    public const int DuplicateLimit = 5;
    public const int FailedValidationLimit = 5;
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan OrderWindow = TimeSpan.FromHours(3);

    public static BudgetAssessment Assess(IReadOnlyList<Issuance> issuances, IReadOnlyList<LogLine> stalwartLog, DateTimeOffset now)
    {
        var findings = new List<Finding>();
        DateTimeOffset? safeFrom = null;

        // The identifier set that is renewed is the newest one issued.
        Issuance? newest = issuances.OrderByDescending(i => i.NotBefore).FirstOrDefault();
        var duplicates = newest is null ? [] : issuances.Where(i => i.IdentifierSet == newest.IdentifierSet && now - i.NotBefore < DuplicateWindow).OrderBy(i => i.NotBefore).ToList();
        if (duplicates.Count >= DuplicateLimit)
        {
            DateTimeOffset from = duplicates[duplicates.Count - DuplicateLimit].NotBefore + DuplicateWindow;
            safeFrom = Later(safeFrom, from);
            findings.Add(new("acme.duplicate-limit", Severity.Failure, $"{duplicates.Count} certificates for the same names in 7 days (limit {DuplicateLimit})",
                $"{newest!.IdentifierSet}: issued {string.Join(", ", duplicates.Select(d => d.NotBefore.ToString("MM-dd HH:mm")))}", 7,
                $"Do not order again before {from:yyyy-MM-dd HH:mm}Z; the duplicate limit has no override."));
        }

        var failures = stalwartLog.Where(l => now - l.Timestamp < FailureWindow && FailedValidation().IsMatch(l.Text)).OrderBy(l => l.Timestamp).ToList();
        if (failures.Count >= FailedValidationLimit)
        {
            DateTimeOffset from = failures[failures.Count - FailedValidationLimit].Timestamp + FailureWindow;
            safeFrom = Later(safeFrom, from);
            findings.Add(new("acme.failed-validation-limit", Severity.Failure, $"{failures.Count} failed validations in the last hour (limit {FailedValidationLimit} per hostname)",
                string.Join(" | ", failures.TakeLast(3).Select(f => f.Text.Length > 160 ? f.Text[..160] : f.Text)), 7,
                $"Fix the cause first (often the DNS provider key, lesson 2), then retry after {from:HH:mm}Z."));
        }

        var orders = stalwartLog.Where(l => OrderStart().IsMatch(l.Text)).OrderBy(l => l.Timestamp).ToList();
        int recentOrders = orders.Count(o => now - o.Timestamp < OrderWindow);
        if (RenewalStorm(orders) is (DateTimeOffset start, int count))
        {
            findings.Add(new("acme.renewal-storm", Severity.Warning, $"ACME renewal retried {count} times within an hour",
                $"from {start:yyyy-MM-dd HH:mm}Z", 7,
                "A renewal task retrying more than once an hour burns the hourly failed-validation budget; consolidate to a single task and fix the cause."));
        }
        return new BudgetAssessment(safeFrom is null || safeFrom <= now, safeFrom, duplicates.Count, failures.Count, recentOrders, newest?.IdentifierSet, findings);
    }

    /// <summary>The first 60-minute window that holds more than one attempt, if any.</summary>
    private static (DateTimeOffset, int)? RenewalStorm(List<LogLine> attempts)
    {
        for (int i = 0; i < attempts.Count; i++)
        {
            int count = attempts.Skip(i).TakeWhile(a => a.Timestamp - attempts[i].Timestamp < TimeSpan.FromHours(1)).Count();
            if (count > 2)
                return (attempts[i].Timestamp, count);
        }
        return null;
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is DateTimeOffset x && x > b ? x : b;

    // A DNS-01 publish failure is not among them: Stalwart returns before it submits the challenge, so Let's Encrypt
    // never validates (v0.15.5 crates/common/src/listener/acme/order.rs: DnsRecordCreationFailed is returned before
    // account.challenge(); 0.16 likewise fails the task before the challenge).
    [GeneratedRegex(@"\(acme\.(auth-error|order-invalid|auth-too-many-attempts|tls-alpn-error)\)", RegexOptions.NonBacktracking)]
    private static partial Regex FailedValidation();

    [GeneratedRegex(@"\(acme\.(order-start|order-processing)\)|\(task-manager\.task-retry\).*AcmeRenewal", RegexOptions.NonBacktracking)]
    private static partial Regex OrderStart();
}
