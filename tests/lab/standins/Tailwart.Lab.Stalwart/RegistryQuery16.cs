using System.Text.Json.Nodes;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// <c>x:…/query</c> for plain registry objects, as v0.16.18 answers it. Two paths, both from the source:
/// <list type="bullet">
/// <item>Without <c>calculateTotal</c> (and position absent or &gt; 0), the store paginates
/// (<c>crates/jmap/src/registry/query.rs</c> <c>extract_parameters</c> takes position and limit out of the request;
/// <c>crates/store/src/registry/query.rs</c> <c>all_ids</c> walks ids ascending, skips, stops at the limit): the
/// answer has no <c>total</c>, <c>position</c> 0 and the page re-sorted descending.</item>
/// <item>With <c>calculateTotal: true</c> the store returns every id and <c>QueryResponseBuilder</c>
/// (<c>crates/jmap/src/api/query.rs</c>) applies position/limit over the descending list, answers <c>total</c>, and
/// <c>limit</c> only when it cut the list (total &gt; applied limit).</item>
/// </list>
/// The limit is capped by <c>queryMaxResults</c> (5000, <c>crates/registry/src/schema/structs_impl.rs</c> <c>impl Default for Jmap</c>).
/// Anchors are not imitated (tailwart never sends one); a negative position follows the builder.
/// </summary>
internal static class RegistryQuery16
{
    public const int QueryMaxResults = 5000;

    public static JsonObject Answer(JsonObject args, IReadOnlyList<string> allIds, string accountId, string queryState)
    {
        bool calculateTotal = args["calculateTotal"] is JsonValue t && t.TryGetValue(out bool b) && b;
        int? position = args["position"] is JsonValue p && p.TryGetValue(out int pos) ? pos : null;
        int? limit = args["limit"] is JsonValue l && l.TryGetValue(out int lim) ? lim : null;
        // Property::Id is ascending in the store's key order; the stand-in's ids are opaque strings, ordinal order stands in.
        var ascending = allIds.OrderBy(i => i, StringComparer.Ordinal).ToList();

        if (!calculateTotal && (position is null || position > 0))
        {
            int storeLimit = Math.Min(limit ?? QueryMaxResults, QueryMaxResults);
            var page = ascending.Skip(position ?? 0).Take(storeLimit).OrderByDescending(i => i, StringComparer.Ordinal).ToList();
            // Position and limit were taken out of the request: the builder sees neither.
            return Build(page, null, null, calculateTotal: false, accountId, queryState);
        }
        var descending = ascending.AsEnumerable().Reverse().ToList();
        return Build(descending, position, limit, calculateTotal, accountId, queryState);
    }

    /// <summary><c>QueryResponseBuilder::new</c> + <c>add_id</c> + <c>build</c> without an anchor.</summary>
    private static JsonObject Build(List<string> results, int? requestPosition, int? requestLimit, bool calculateTotal, string accountId, string queryState)
    {
        int total = results.Count;
        int limitTotal, appliedLimit;
        if (requestLimit is int rl)
        {
            if (rl > 0)
            {
                appliedLimit = Math.Min(rl, QueryMaxResults);
                limitTotal = Math.Min(appliedLimit, total);
            }
            else
            {
                (limitTotal, appliedLimit) = (0, 0);
            }
        }
        else
        {
            (limitTotal, appliedLimit) = (Math.Min(QueryMaxResults, total), QueryMaxResults);
        }
        int requested = requestPosition ?? 0;
        int position = requested;
        var ids = new List<string>();
        foreach (var id in results)
        {
            if (position >= 0)
            {
                if (position > 0)
                {
                    position--;
                }
                else
                {
                    ids.Add(id);
                    if (ids.Count == limitTotal)
                        break;
                }
            }
            else
            {
                ids.Add(id);
            }
        }
        int answeredPosition;
        if (requested >= 0)
        {
            answeredPosition = position == 0 ? requested : 0;
        }
        else
        {
            int back = Math.Abs(position);
            int start = back < ids.Count ? ids.Count - back : 0;
            answeredPosition = start;
            int end = limitTotal > 0 ? Math.Min(start + limitTotal, ids.Count) : ids.Count;
            ids = ids[start..end];
        }
        var answer = new JsonObject
        {
            ["accountId"] = accountId,
            ["queryState"] = queryState,
            ["canCalculateChanges"] = true,
            ["position"] = answeredPosition,
            ["ids"] = new JsonArray(ids.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
        };
        // skip_serializing_if = "Option::is_none" on both (crates/jmap-proto/src/method/query.rs QueryResponse).
        if (calculateTotal)
            answer["total"] = total;
        if (total > appliedLimit)
            answer["limit"] = appliedLimit;
        return answer;
    }
}
