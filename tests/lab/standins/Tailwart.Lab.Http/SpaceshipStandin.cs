using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Http;

/// <summary>One API key pair and its scopes (e.g. <c>dnsrecords:read</c>, <c>dnsrecords:write</c>).</summary>
public sealed record SpaceshipCredential(string Key, string Secret, IReadOnlySet<string> Scopes)
{
    public static SpaceshipCredential ReadWrite(string key, string secret) =>
        new(key, secret, new HashSet<string>(StringComparer.Ordinal) { "dnsrecords:read", "dnsrecords:write" });
}

/// <summary>What the stand-in knows at start; everything stays mutable through the stand-in's API.</summary>
public sealed class SpaceshipOptions
{
    public List<SpaceshipCredential> Credentials { get; init; } = [];

    /// <summary>Zone → records (Spaceship ResourceRecord JSON objects: type, name, ttl, group, type-specific fields).</summary>
    public Dictionary<string, List<JsonObject>> Zones { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Requests allowed per key within <see cref="RateLimitWindow"/> (spec: 300 per 300 s).</summary>
    public int RateLimit { get; init; } = 300;

    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(300);
}

/// <summary>One request as the stand-in saw it (the key, never the secret).</summary>
public sealed record SpaceshipRequest(string Method, string Path, string? ApiKey, int Status);

/// <summary>
/// Spaceship DNS API stand-in (external.md §1) on loopback: <c>GET|PUT|DELETE /api/v1/dns/records/{domain}</c>
/// with <c>X-Api-Key</c>/<c>X-Api-Secret</c>; 200 <c>{"items":[…],"total":N}</c>, 204 for writes; errors as
/// <c>application/problem+json</c> with <c>spaceship-error-code</c> and <c>spaceship-operation-id</c>; 429 adds
/// <c>X-RateLimit-Limit/Remaining/Reset</c> (epoch seconds: unit unconfirmed) and <c>Retry-After</c>.
/// Check order: forced error, auth (401), rate limit (429), scope (403), validation (422), zone (404).
/// Unconfirmed and chosen: the error-code values (401 <c>application.unauthorized</c> as lesson 2 quotes,
/// 403 <c>application.forbidden</c>, 404 <c>business.notFound</c>, 422 <c>application.validation</c>,
/// 429 <c>application.rateLimit</c>); an empty domain with a valid key answers 200 with no items (lesson 2's
/// key check <c>/records/?take=5&amp;skip=0</c> "200 = good"). Not emulated: orderBy, other endpoints.
/// </summary>
public sealed partial class SpaceshipStandin : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly SpaceshipOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _hits = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SpaceshipRequest> _log = new();
    private int _requestCount;

    private SpaceshipStandin(SpaceshipOptions options, int port)
    {
        _options = options;
        _server = LoopbackHttpServer.Start(port, Handle);
    }

    /// <summary>Starts on 127.0.0.1 (port 0 = ephemeral).</summary>
    public static Task<SpaceshipStandin> StartAsync(SpaceshipOptions options, int port = 0, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(new SpaceshipStandin(options, port));
    }

    /// <summary>The API base, like <c>https://spaceship.dev/api</c>: <c>http://127.0.0.1:PORT/api</c>.</summary>
    public Uri BaseUrl => new(_server.BaseUri, "api");

    public int Port => _server.Port;

    /// <summary>When set, every request answers this status (401, 403, 404, 422, 429, 500) with its documented body.</summary>
    public int? ForcedStatus { get; set; }

    public int RequestCount => Volatile.Read(ref _requestCount);

    public IReadOnlyList<SpaceshipRequest> Requests => [.. _log];

    public SpaceshipOptions Options => _options;

    private HttpWireResponse Handle(HttpWireRequest req)
    {
        Interlocked.Increment(ref _requestCount);
        var key = req.Header("X-Api-Key");
        var response = Route(req, key);
        _log.Enqueue(new SpaceshipRequest(req.Method, req.Target, key, response.Status));
        while (_log.Count > 1000) _log.TryDequeue(out _);
        return response;
    }

    private HttpWireResponse Route(HttpWireRequest req, string? key)
    {
        if (req.Path == "/_lab/force")
        {
            ForcedStatus = int.TryParse(req.QueryValue("status"), CultureInfo.InvariantCulture, out var s) ? s : null;
            return HttpWireResponse.Text(204, "", "");
        }
        if (req.Path == "/_lab/stats")
            return HttpWireResponse.Text(200, "application/json", JsonText.Of(new JsonObject { ["requests"] = RequestCount }));

        const string prefix = "/api/v1/dns/records/";
        if (!req.Path.StartsWith(prefix, StringComparison.Ordinal) && req.Path != prefix.TrimEnd('/'))
            return Error(404, "The requested object was not found.");
        var domain = req.Path.Length > prefix.Length ? req.Path[prefix.Length..].TrimEnd('/') : "";

        if (ForcedStatus is { } forced) return Error(forced, DetailFor(forced));

        var secret = req.Header("X-Api-Secret");
        var cred = _options.Credentials.FirstOrDefault(c => key is not null && secret is not null
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(c.Key + "\n" + c.Secret), System.Text.Encoding.UTF8.GetBytes(key + "\n" + secret)));
        if (cred is null) return Error(401, DetailFor(401));

        if (RateLimited(cred.Key, out var resetAt)) return RateLimitError(resetAt);

        var write = req.Method is "PUT" or "DELETE";
        if (req.Method is not ("GET" or "PUT" or "DELETE")) return Error(404, DetailFor(404));
        if (!cred.Scopes.Contains(write ? "dnsrecords:write" : "dnsrecords:read")) return Error(403, DetailFor(403));

        if (domain.Length > 0 && (domain.Length < 4 || domain.Length > 255 || !DomainChars().IsMatch(domain)))
            return Validation("domain", "The domain name contains invalid characters");

        return req.Method == "GET" ? List(req, domain) : Write(req, domain);
    }

    private HttpWireResponse List(HttpWireRequest req, string domain)
    {
        if (!int.TryParse(req.QueryValue("take"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var take) || take < 1 || take > 500)
            return Validation("take", "The take field is required and must be between 1 and 500.");
        if (!int.TryParse(req.QueryValue("skip"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var skip) || skip < 0)
            return Validation("skip", "The skip field is required and must be 0 or greater.");
        List<JsonObject> records;
        lock (_gate)
        {
            if (domain.Length == 0) records = [];
            else if (!_options.Zones.TryGetValue(domain, out var zone)) return Error(404, DetailFor(404));
            else records = [.. zone.Select(r => (JsonObject)r.DeepClone())];
        }
        var items = new JsonArray();
        foreach (var r in records.Skip(skip).Take(take)) items.Add(r);
        return HttpWireResponse.Text(200, "application/json", JsonText.Of(new JsonObject { ["items"] = items, ["total"] = records.Count }));
    }

    private HttpWireResponse Write(HttpWireRequest req, string domain)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(req.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return Error(400, "The request is invalid.");
        }
        lock (_gate)
        {
            if (!_options.Zones.TryGetValue(domain, out var zone)) return Error(404, DetailFor(404));
            var items = req.Method == "PUT" ? (body as JsonObject)?["items"] as JsonArray : body as JsonArray;
            if (items is null) return Validation("items", "The items field is required.");
            foreach (var item in items.OfType<JsonObject>())
            {
                zone.RemoveAll(r => Same(r, item));
                if (req.Method == "PUT") zone.Add((JsonObject)item.DeepClone());
            }
        }
        return HttpWireResponse.Text(204, "", "");
    }

    private static bool Same(JsonObject a, JsonObject b)
    {
        var type = (string?)a["type"];
        if (!string.Equals(type, (string?)b["type"], StringComparison.OrdinalIgnoreCase)
            || !string.Equals((string?)a["name"], (string?)b["name"], StringComparison.OrdinalIgnoreCase)) return false;
        // TXT values match case-sensitively; a TXT without a value in a PUT never replaces another TXT.
        return !string.Equals(type, "TXT", StringComparison.OrdinalIgnoreCase) || (string?)a["value"] == (string?)b["value"];
    }

    private bool RateLimited(string key, out DateTimeOffset resetAt)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            if (!_hits.TryGetValue(key, out var q)) _hits[key] = q = new Queue<DateTimeOffset>();
            while (q.Count > 0 && now - q.Peek() >= _options.RateLimitWindow) q.Dequeue();
            resetAt = (q.Count > 0 ? q.Peek() : now) + _options.RateLimitWindow;
            if (q.Count >= _options.RateLimit) return true;
            q.Enqueue(now);
            return false;
        }
    }

    private HttpWireResponse RateLimitError(DateTimeOffset resetAt)
    {
        var retry = Math.Max(1, (int)Math.Ceiling((resetAt - DateTimeOffset.UtcNow).TotalSeconds));
        return Problem(429, new JsonObject
        {
            ["detail"] = DetailFor(429),
            ["data"] = new JsonObject { ["rateLimitRule"] = "dns-records-list", ["limit"] = _options.RateLimit, ["windowInSeconds"] = (int)_options.RateLimitWindow.TotalSeconds },
        })
        .With("X-RateLimit-Limit", _options.RateLimit.ToString(CultureInfo.InvariantCulture))
        .With("X-RateLimit-Remaining", "0")
        .With("X-RateLimit-Reset", resetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
        .With("Retry-After", retry.ToString(CultureInfo.InvariantCulture));
    }

    private HttpWireResponse Error(int status, string detail) => status switch
    {
        429 => RateLimitError(DateTimeOffset.UtcNow + _options.RateLimitWindow),
        422 => Validation("name", "The domain name contains invalid characters"),
        _ => Problem(status, new JsonObject { ["detail"] = detail }),
    };

    private static HttpWireResponse Validation(string field, string details) =>
        Problem(422, new JsonObject
        {
            ["detail"] = DetailFor(422),
            ["data"] = new JsonArray(new JsonObject { ["field"] = field, ["details"] = details }),
        });

    private static HttpWireResponse Problem(int status, JsonObject body) =>
        HttpWireResponse.Text(status, "application/problem+json", JsonText.Of(body))
            .With("spaceship-error-code", CodeFor(status))
            .With("spaceship-operation-id", OperationId());

    private static string OperationId()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    public static string CodeFor(int status) => status switch
    {
        400 => "application.badRequest",
        401 => "application.unauthorized",
        403 => "application.forbidden",
        404 => "business.notFound",
        422 => "application.validation",
        429 => "application.rateLimit",
        _ => "infrastructure.unexpected",
    };

    public static string DetailFor(int status) => status switch
    {
        400 => "The request is invalid.",
        401 => "The user's request was not properly authorized.",
        403 => "The request is not allowed with the current scopes.",
        404 => "The requested object was not found.",
        422 => "The entity is unprocessable.",
        429 => "Request rate limit exceeded.",
        _ => "An unexpected error occurred.",
    };

    [GeneratedRegex("^[A-Za-z0-9.-]+$")]
    private static partial Regex DomainChars();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
