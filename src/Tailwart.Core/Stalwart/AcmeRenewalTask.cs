using System.Text.Json.Nodes;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// One 0.16 <c>AcmeRenewal</c> task from Stalwart's task queue (<c>x:Task/get</c>): its domain and status.
/// Shapes from v0.16.18 crates/registry/src/schema/structs.rs (<c>enum Task</c> tagged <c>@type</c>,
/// <c>TaskDomainManagement {domainId, status}</c>, <c>TaskStatus</c> tagged <c>@type</c>: <c>Pending {createdAt, due}</c>,
/// <c>Retry {createdAt, due, attemptNumber, failureReason}</c>, <c>Failed {createdAt, failedAt, failedAttemptNumber,
/// failureReason}</c>) and crates/jmap/src/registry/mapping/task.rs (task_get adds <c>due</c>). From 0.16.18 a
/// temporary renewal failure (HTTP, DNS, auth) is retried forever and logged at DEBUG only
/// (crates/services/src/task_manager/manager.rs perpetual_retry_time, task_manager/acme.rs): the task's status
/// is the only place the failure shows. <c>failureReason</c> is <c>AcmeError</c>'s Display, e.g.
/// <c>DNS error: Failed to set DNS RRSet: Unauthorized</c> (crates/common/src/network/acme/mod.rs 252–258,
/// crates/common/src/network/dns/update.rs 1140).
/// </summary>
public sealed record AcmeRenewalTask(string Id, string? DomainId, string Status, DateTimeOffset? Due, long? Attempt, string? FailureReason, DateTimeOffset? CreatedAt)
{
    /// <summary>The AcmeRenewal tasks of an <c>x:Task/get</c> list; other task types and unparsable entries are skipped.</summary>
    public static IReadOnlyList<AcmeRenewalTask> Parse016(IEnumerable<JsonObject> list) =>
        list.Where(t => ApiAnswers.Text(t["@type"]) == "AcmeRenewal")
            .Select(t =>
            {
                var status = t["status"] as JsonObject;
                return new AcmeRenewalTask(ApiAnswers.Text(t["id"]) ?? "?", ApiAnswers.Text(t["domainId"]), ApiAnswers.Text(status?["@type"]) ?? "Pending",
                    Date(status?["due"]) ?? Date(t["due"]) ?? Date(status?["failedAt"]),
                    ApiAnswers.Number(status?["attemptNumber"]) ?? ApiAnswers.Number(status?["failedAttemptNumber"]),
                    ApiAnswers.Text(status?["failureReason"]) is { Length: > 0 } reason ? reason : null, Date(status?["createdAt"]));
            }).ToList();

    private static DateTimeOffset? Date(JsonNode? node) =>
        ApiAnswers.Text(node) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
