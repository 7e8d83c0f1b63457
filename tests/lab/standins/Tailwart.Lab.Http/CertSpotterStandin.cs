using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Http;

/// <summary>One CT issuance as certspotter reports it.</summary>
public sealed record CertSpotterIssuance(
    string Id,
    IReadOnlyList<string> DnsNames,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string IssuerFriendlyName = "R11",
    string IssuerName = "C=US, O=Let's Encrypt, CN=R11",
    bool Revoked = false)
{
    /// <summary>A Let's Encrypt 90-day issuance with deterministic hashes.</summary>
    public static CertSpotterIssuance LetsEncrypt(string id, DateTimeOffset notBefore, params string[] dnsNames) =>
        new(id, dnsNames, notBefore, notBefore.AddDays(90));

    internal string Hash(string what) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(what + ":" + Id))).ToLowerInvariant();
}

public sealed class CertSpotterOptions
{
    public List<CertSpotterIssuance> Issuances { get; init; } = [];

    /// <summary>Issuances per response page; the real page size is not documented.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Unauthenticated budget per hour (3rd-party figure: 100; 10 with include_subdomains). 0 = unlimited.</summary>
    public int HourlyLimit { get; init; } = 100;

    public int HourlyLimitIncludeSubdomains { get; init; } = 10;

    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>
/// certspotter stand-in (external.md §2): <c>GET /v1/issuances?domain=&amp;include_subdomains=&amp;match_wildcards=&amp;expired=&amp;after=&amp;expand=</c>.
/// Answers a JSON array in discovery order, <see cref="CertSpotterOptions.PageSize"/> at a time after the
/// <c>after</c> id (empty array = done). Base fields: id, tbs_sha256, cert_sha256, pubkey_sha256, not_before,
/// not_after, revoked; <c>expand</c> adds dns_names, issuer (+ issuer.caa_domains, issuer.operator),
/// revocation, cert_der. Over budget (two buckets, include_subdomains separate) ⇒ 429
/// <c>{"code":"rate_limited","message":…}</c> with <c>Retry-After</c> (unconfirmed on the real API).
/// Errors use <c>{"code","message"}</c>. Not emulated: auth-dependent budgets, repeated domain params.
/// </summary>
public sealed class CertSpotterStandin : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly CertSpotterOptions _options;
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _plain = new();
    private readonly Queue<DateTimeOffset> _subdomains = new();
    private int _requestCount;

    private CertSpotterStandin(CertSpotterOptions options, int port)
    {
        _options = options;
        _server = LoopbackHttpServer.Start(port, Handle);
    }

    public static Task<CertSpotterStandin> StartAsync(CertSpotterOptions options, int port = 0, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(new CertSpotterStandin(options, port));
    }

    /// <summary>Like <c>https://api.certspotter.com/</c>: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl => _server.BaseUri;

    public int Port => _server.Port;

    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>When true every issuance request answers 429.</summary>
    public bool ForceRateLimit { get; set; }

    public void AddIssuance(CertSpotterIssuance issuance)
    {
        lock (_gate) _options.Issuances.Add(issuance);
    }

    private HttpWireResponse Handle(HttpWireRequest req)
    {
        Interlocked.Increment(ref _requestCount);
        if (req.Path == "/_lab/force-429")
        {
            ForceRateLimit = req.QueryValue("on") != "false";
            return HttpWireResponse.Text(204, "", "");
        }
        if (req.Path != "/v1/issuances") return Fail(404, "not_found", "Not found");
        if (req.Method != "GET") return Fail(405, "method_not_allowed", "Method not allowed");

        var domain = (req.QueryValue("domain") ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        if (domain.Length == 0) return Fail(400, "missing_parameter", "The domain parameter is required");
        if (!domain.Contains('.', StringComparison.Ordinal)) return Fail(400, "invalid_domain", $"{domain} is not a registered domain or a subdomain of one");
        var subdomains = Flag(req, "include_subdomains");
        var wildcards = Flag(req, "match_wildcards");
        var expired = Flag(req, "expired");
        var after = req.QueryValue("after");
        var expand = req.QueryValues("expand").ToHashSet(StringComparer.Ordinal);

        var retryAfter = 60;
        if (ForceRateLimit || OverBudget(subdomains, out retryAfter))
        {
            var retry = ForceRateLimit ? 60 : retryAfter;
            return Fail(429, "rate_limited", "You have exceeded the number of queries that your subscription allows. Please wait or upgrade.")
                .With("Retry-After", retry.ToString(CultureInfo.InvariantCulture));
        }

        List<CertSpotterIssuance> all;
        lock (_gate) all = [.. _options.Issuances];
        var now = DateTimeOffset.UtcNow;
        // Real ids are increasing decimal strings: compare numerically when they are, else by position.
        IEnumerable<CertSpotterIssuance> rest = all;
        if (after is not null)
        {
            if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var afterId)
                && all.All(i => long.TryParse(i.Id, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                rest = all.Where(i => long.Parse(i.Id, CultureInfo.InvariantCulture) > afterId);
            }
            else
            {
                var idx = all.FindIndex(i => i.Id == after);
                rest = idx < 0 ? [] : all.Skip(idx + 1);
            }
        }
        var page = rest
            .Where(i => expired || i.NotAfter > now)
            .Where(i => i.DnsNames.Any(n => Matches(n.ToLowerInvariant(), domain, subdomains, wildcards)))
            .Take(_options.PageSize);
        var array = new JsonArray();
        foreach (var i in page) array.Add(Render(i, expand));
        return HttpWireResponse.Text(200, "application/json", JsonText.Of(array));
    }

    private static bool Flag(HttpWireRequest req, string name) => req.QueryValue(name) is "true" or "1";

    private static bool Matches(string name, string domain, bool subdomains, bool wildcards)
    {
        if (name == domain) return true;
        if (subdomains && name.EndsWith("." + domain, StringComparison.Ordinal)) return true;
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return wildcards && dot > 0 && name == "*" + domain[dot..];
    }

    private bool OverBudget(bool subdomains, out int retryAfter)
    {
        var limit = subdomains ? _options.HourlyLimitIncludeSubdomains : _options.HourlyLimit;
        var q = subdomains ? _subdomains : _plain;
        var now = DateTimeOffset.UtcNow;
        retryAfter = 0;
        if (limit <= 0) return false;
        lock (_gate)
        {
            while (q.Count > 0 && now - q.Peek() >= _options.Window) q.Dequeue();
            if (q.Count >= limit)
            {
                retryAfter = Math.Max(1, (int)Math.Ceiling((q.Peek() + _options.Window - now).TotalSeconds));
                return true;
            }
            q.Enqueue(now);
            return false;
        }
    }

    private static JsonObject Render(CertSpotterIssuance i, HashSet<string> expand)
    {
        var o = new JsonObject
        {
            ["id"] = i.Id,
            ["tbs_sha256"] = i.Hash("tbs"),
            ["cert_sha256"] = i.Hash("cert"),
            ["pubkey_sha256"] = i.Hash("pubkey"),
            ["not_before"] = Rfc3339(i.NotBefore),
            ["not_after"] = Rfc3339(i.NotAfter),
            ["revoked"] = i.Revoked,
        };
        if (expand.Contains("dns_names")) o["dns_names"] = new JsonArray([.. i.DnsNames.Select(n => (JsonNode?)n)]);
        if (expand.Contains("issuer") || expand.Any(e => e.StartsWith("issuer.", StringComparison.Ordinal)))
        {
            var issuer = new JsonObject { ["friendly_name"] = i.IssuerFriendlyName, ["name"] = i.IssuerName, ["pubkey_sha256"] = i.Hash("issuer") };
            if (expand.Contains("issuer.caa_domains")) issuer["caa_domains"] = new JsonArray("letsencrypt.org");
            if (expand.Contains("issuer.operator")) issuer["operator"] = new JsonObject { ["name"] = "ISRG", ["website"] = "https://letsencrypt.org" };
            o["issuer"] = issuer;
        }
        if (expand.Contains("revocation")) o["revocation"] = i.Revoked ? new JsonObject { ["time"] = Rfc3339(i.NotBefore.AddDays(1)), ["reason"] = null } : null;
        if (expand.Contains("cert_der")) o["cert_der"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("lab-cert:" + i.Id));
        return o;
    }

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static HttpWireResponse Fail(int status, string code, string message) =>
        HttpWireResponse.Text(status, "application/json", JsonText.Of(new JsonObject { ["code"] = code, ["message"] = message }));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
