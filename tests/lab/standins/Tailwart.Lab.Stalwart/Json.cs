using System.Text.Json;
using System.Text.Json.Nodes;
using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Stalwart;

/// <summary>Response helpers: <c>{"data":…}</c>/<c>{"error":…}</c> with 200 (0.15 management), problem+json for HTTP errors.</summary>
internal static class Json
{
    public static HttpWireResponse Ok(JsonNode? node) =>
        HttpWireResponse.Text(200, "application/json", JsonText.Of(node));

    public static HttpWireResponse Data(JsonNode? data) => Ok(new JsonObject { ["data"] = data });

    /// <summary>Management errors are HTTP 200 with <c>{"error":"kind", …}</c> (stalwart.md §1).</summary>
    public static HttpWireResponse Error(string kind, params (string Key, string Value)[] extra)
    {
        var o = new JsonObject { ["error"] = kind };
        foreach (var (k, v) in extra) o[k] = v;
        return Ok(o);
    }

    public static HttpWireResponse Problem(int status, string title, string detail) =>
        HttpWireResponse.Text(status, "application/problem+json",
            JsonText.Of(new JsonObject { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail }));

    public static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
