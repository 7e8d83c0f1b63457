using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// 0.16 mode's task queue, as far as ACME needs it: an <c>AcmeRenewal</c> task kept with status <c>Retry</c>
/// when its DNS-01 publish fails, as 0.16.18 does (v0.16.18 crates/services/src/task_manager/manager.rs 517–580:
/// a temporary failure sets <c>TaskStatus::Retry {createdAt, due, attemptNumber, failureReason}</c>, due from
/// perpetual_retry_time = now + min(3600 s × 2^attempt, 21600 s), logged only as a DEBUG task-manager.task-retry).
/// Served as <c>x:Task/query</c> (filters <c>@type</c> and <c>status</c>, crates/jmap/src/registry/mapping/task.rs)
/// and <c>x:Task/get</c> (adds <c>due</c>). Kept in memory: a restart triggers the order again at boot.
/// </summary>
internal static class TaskQueue16
{
    private static readonly ConcurrentDictionary<string, JsonObject> Tasks = new(StringComparer.Ordinal);
    private static int _next;

    /// <summary>A renewal for <paramref name="domainId"/> failed temporarily: one task per domain, its attempt counted up.</summary>
    public static void RecordRetry(string domainId, string failureReason)
    {
        var now = DateTimeOffset.UtcNow;
        var existing = Tasks.Values.FirstOrDefault(t => (string?)t["domainId"] == domainId);
        long attempt = (long?)existing?["status"]?["attemptNumber"] + 1 ?? 1;
        string created = (string?)existing?["status"]?["createdAt"] ?? Utc(now);
        var due = now.AddSeconds(Math.Min(3600L << (int)Math.Min(attempt, 4), 21600));
        string id = (string?)existing?["id"] ?? "t" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        Tasks[id] = new JsonObject
        {
            ["id"] = id, ["@type"] = "AcmeRenewal", ["domainId"] = domainId,
            ["status"] = new JsonObject
            {
                ["@type"] = "Retry", ["createdAt"] = created, ["due"] = Utc(due),
                ["attemptNumber"] = attempt, ["failureReason"] = failureReason,
            },
            ["due"] = Utc(due),
        };
    }

    public static JsonObject Query(JsonObject args, string accountId)
    {
        var filter = args["filter"] as JsonObject;
        var type = (string?)filter?["@type"];
        var status = (string?)filter?["status"];
        var ids = Tasks.Values.Where(t => (type is null || (string?)t["@type"] == type) && (status is null || (string?)t["status"]?["@type"] == status))
            .Select(t => (string)t["id"]!).Order(StringComparer.Ordinal).ToList();
        return RegistryQuery16.Answer(args, ids, accountId, Tasks.Count.ToString(CultureInfo.InvariantCulture));
    }

    public static JsonObject Get(JsonObject args, string accountId)
    {
        var ids = (args["ids"] as JsonArray)?.Select(i => (string?)i).OfType<string>().ToList() ?? [.. Tasks.Keys];
        var list = new JsonArray();
        var notFound = new JsonArray();
        foreach (var id in ids)
        {
            if (Tasks.TryGetValue(id, out var t)) list.Add(t.DeepClone());
            else notFound.Add(id);
        }
        return new JsonObject { ["accountId"] = accountId, ["state"] = Tasks.Count.ToString(CultureInfo.InvariantCulture), ["list"] = list, ["notFound"] = notFound };
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
