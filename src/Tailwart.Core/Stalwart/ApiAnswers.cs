using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// Turns HTTP answers into JSON or into clear errors: 401/403 name the credential reference,
/// 404 asks "wrong generation?", a body that is not the expected JSON is quoted briefly
/// (control characters removed) instead of crashing a parser further in.
/// </summary>
internal static class ApiAnswers
{
    private const int SnippetLength = 160;

    public static JsonObject ExpectJsonObject(StalwartResponse r, string what, StalwartCredential credential)
    {
        ExpectSuccess(r, what, credential);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(r.Body);
        }
        catch (JsonException e)
        {
            throw new StalwartApiException(StalwartFailure.Malformed, r.Path, $"{what}: the answer is not JSON ({e.Message}): \"{Snippet(r.Body)}\". Is stalwart.adminUrl Stalwart's admin listener?", e);
        }
        return node as JsonObject
            ?? throw new StalwartApiException(StalwartFailure.Malformed, r.Path, $"{what}: expected a JSON object, got \"{Snippet(r.Body)}\".");
    }

    public static void ExpectSuccess(StalwartResponse r, string what, StalwartCredential credential)
    {
        // A refusal names the path that gave it: the admin URL and the netns loopback can reach different listeners
        // (a wrong adminUrl, another compose project), and "refused" alone would not say which one to check.
        if (r.Status is < 200 or >= 300)
            what = $"{what} over {r.Path}";
        switch (r.Status)
        {
            case >= 200 and < 300:
                return;
            // Stalwart's refusal of a missing or wrong credential (AuthEvent::Failed): v0.15.5 crates/http/src/request.rs
            // 399–427 and management/mod.rs 279–301, v0.16.18 crates/http/src/api/mod.rs 315–341 (CONTRACT.md B9).
            case 401:
                throw new StalwartApiException(StalwartFailure.Unauthorized, r.Path,
                    $"{what}: 401 Unauthorized: Stalwart refused the credential from {credential.Describe()}. Check that secret and stalwart.adminUser; every refused login counts toward Stalwart's auth auto-ban for this IP (100 a day by default).");
            case 403:
                throw new StalwartApiException(StalwartFailure.Forbidden, r.Path,
                    $"{what}: 403 Forbidden with the credential from {credential.Describe()}: that account lacks the permission, or (0.16) this client's IP is on the block list. Try the netns path, or use the fallback/recovery admin.");
            case 404:
                throw new StalwartApiException(StalwartFailure.NotFound, r.Path,
                    $"{what}: 404 Not Found: wrong generation? 0.15 serves /api/settings, 0.16 only /jmap. Set stalwart.apiGeneration to auto (or the right one) in tailwart.json.");
            default:
                throw new StalwartApiException(StalwartFailure.ApiError, r.Path, $"{what}: HTTP {r.Status}: \"{Snippet(r.Body)}\".");
        }
    }

    public static StalwartApiException Shape(StalwartResponse r, string what, string expected) =>
        new(StalwartFailure.Malformed, r.Path, $"{what}: unexpected answer (expected {expected}): \"{Snippet(r.Body)}\".");

    public static string Snippet(string body)
    {
        string oneLine = new(body.Take(SnippetLength).Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return body.Length > SnippetLength ? oneLine + "…" : oneLine;
    }

    public static DateTimeOffset? Date(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out string? s) && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset d) ? d : null;

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public static long? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue(out long n) ? n : null;
}
