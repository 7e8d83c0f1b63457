// Minimal HTTP/1.1 over any Stream, shared (as a linked source file) by the lab stand-ins.
// One request per connection (the response always says "Connection: close"); head capped at
// 16 KiB, body at 1 MiB (the real Stalwart's management body cap), no chunked request bodies.
using System.Globalization;
using System.Text;

namespace Tailwart.Lab.Standins;

/// <summary>A parsed HTTP request head plus its (capped) body.</summary>
internal sealed record HttpWireRequest(
    string Method,
    string Target,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string? QueryValue(string name) =>
        Query.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.Ordinal)).Value;

    public IEnumerable<string> QueryValues(string name) =>
        Query.Where(kv => string.Equals(kv.Key, name, StringComparison.Ordinal)).Select(kv => kv.Value);

    public bool HasQuery(string name) => Query.Any(kv => string.Equals(kv.Key, name, StringComparison.Ordinal));

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>An HTTP response to be written once.</summary>
internal sealed record HttpWireResponse(int Status, string ContentType, byte[] Body)
{
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public static HttpWireResponse Text(int status, string contentType, string body) =>
        new(status, contentType, Encoding.UTF8.GetBytes(body));

    public HttpWireResponse With(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}

/// <summary>Why a request could not be parsed; the caller answers 400/413 and may count it as abuse.</summary>
internal sealed class HttpWireException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

internal static class HttpWire
{
    public const int MaxHeadBytes = 16 * 1024;
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Reads one request. Returns null when the peer closed before sending anything.</summary>
    public static async Task<HttpWireRequest?> ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>(1024);
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one, ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (head.Count == 0) return null;
                throw new HttpWireException(400, "connection closed inside the request head");
            }
            head.Add(one[0]);
            if (head.Count > MaxHeadBytes) throw new HttpWireException(431, "request head too large");
            var c = head.Count;
            if (c >= 4 && head[c - 1] == '\n' && head[c - 2] == '\r' && head[c - 3] == '\n' && head[c - 4] == '\r') break;
            if (c >= 2 && head[c - 1] == '\n' && head[c - 2] == '\n') break;
        }

        var lines = Encoding.Latin1.GetString(head.ToArray()).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || requestLine[0].Length == 0 || !requestLine[0].All(char.IsAsciiLetterUpper))
        {
            throw new HttpWireException(400, "malformed request line");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new HttpWireException(400, "malformed header line");
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (headers.ContainsKey("Transfer-Encoding")) throw new HttpWireException(411, "chunked bodies are not supported");
        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var lengthText))
        {
            if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                throw new HttpWireException(400, "bad Content-Length");
            if (length > MaxBodyBytes) throw new HttpWireException(413, "request body too large");
            body = new byte[length];
            await stream.ReadExactlyAsync(body, ct).ConfigureAwait(false);
        }

        var target = requestLine[1];
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(q < 0 ? target : target[..q]);
        var query = q < 0 ? [] : ParseQuery(target[(q + 1)..]);
        return new HttpWireRequest(requestLine[0], target, path, query, headers, body);
    }

    public static List<KeyValuePair<string, string>> ParseQuery(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var k = eq < 0 ? part : part[..eq];
                var v = eq < 0 ? "" : part[(eq + 1)..];
                return new KeyValuePair<string, string>(Decode(k), Decode(v));
            })
            .ToList();

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    public static async Task WriteResponseAsync(Stream stream, HttpWireResponse response, CancellationToken ct)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
        if (response.ContentType.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        sb.Append("Connection: close\r\n");
        foreach (var (k, v) in response.Headers) sb.Append(CultureInfo.InvariantCulture, $"{k}: {v}\r\n");
        sb.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(sb.ToString()), ct).ConfigureAwait(false);
        await stream.WriteAsync(response.Body, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        204 => "No Content",
        302 => "Found",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}

/// <summary>JSON text the way web servers usually write it (no \u0027 for apostrophes).</summary>
internal static class JsonText
{
    private static readonly System.Text.Json.JsonSerializerOptions Options =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(System.Text.Json.Nodes.JsonNode? node) => node?.ToJsonString(Options) ?? "null";
}
