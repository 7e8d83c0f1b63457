using System.Net;
using System.Text.Json;
using Tailwart.Core.Config;

namespace Tailwart.Core.Acme;

/// <summary>
/// Reads a domain's issuance history from Cert Spotter (lesson 7: crt.sh is too flaky for
/// rate-limit checks): <c>include_subdomains</c>, <c>expand</c> of names and issuer, paged with
/// <c>after</c> until an empty page. A 429 is honoured (its Retry-After is remembered and no
/// request is sent before it), and answers are cached for an hour so tailwart never hammers it.
/// </summary>
internal sealed class CertspotterClient(CertspotterSettings settings, string cachePath, TimeProvider time, HttpMessageHandler? handler = null)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private const int MaxPages = 20;

    public async Task<IssuanceHistory> GetAsync(string domain, CancellationToken ct = default)
    {
        IssuanceHistory? cached = ReadCache(domain);
        DateTimeOffset now = time.GetUtcNow();
        if (cached is not null && (now - cached.FetchedAt < CacheFor || cached.RetryAfter > now))
            return cached with { FromCache = true };

        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout;
        var all = new List<Issuance>();
        string? after = null;
        for (int page = 0; page < MaxPages; page++)
        {
            string url = $"{settings.BaseUrl.ToString().TrimEnd('/')}/issuances?domain={Uri.EscapeDataString(domain)}&include_subdomains=true&expand=dns_names&expand=issuer" +
                (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync(url, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return Fallback(cached, domain, all, now, null, $"Cert Spotter did not answer: {(e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message)}");
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    TimeSpan wait = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - now) ?? TimeSpan.FromMinutes(10);
                    var limited = Fallback(cached, domain, all, now, now + wait, $"Cert Spotter rate-limited tailwart (429); next request after {now + wait:HH:mm}Z");
                    WriteCache(limited);
                    return limited;
                }
                if (!response.IsSuccessStatusCode)
                    return Fallback(cached, domain, all, now, null, $"Cert Spotter answered {(int)response.StatusCode}");
                List<CertspotterIssuance>? items;
                try
                {
                    items = await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), CertspotterJson.Default.ListCertspotterIssuance, ct).ConfigureAwait(false);
                }
                catch (JsonException e)
                {
                    return Fallback(cached, domain, all, now, null, $"Cert Spotter sent something that is not an issuance list: {e.Message}");
                }
                if (items is null || items.Count == 0)
                    break;
                all.AddRange(items.Select(i => new Issuance(i.Id, i.DnsNames ?? [], i.NotBefore, i.NotAfter, i.Issuer?.FriendlyName ?? i.Issuer?.Name)));
                after = items[^1].Id;
            }
        }
        var history = new IssuanceHistory(domain, all, now, false, false, null, null);
        WriteCache(history);
        return history;
    }

    private static IssuanceHistory Fallback(IssuanceHistory? cached, string domain, List<Issuance> partial, DateTimeOffset now, DateTimeOffset? retryAfter, string problem) =>
        cached is not null
            ? cached with { FromCache = true, RetryAfter = retryAfter ?? cached.RetryAfter, Problem = problem }
            : new IssuanceHistory(domain, partial, now, false, true, retryAfter, problem);

    private IssuanceHistory? ReadCache(string domain)
    {
        try
        {
            if (!File.Exists(cachePath))
                return null;
            var history = JsonSerializer.Deserialize(File.ReadAllText(cachePath), CertspotterJson.Default.IssuanceHistory);
            return history?.Domain == domain ? history : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null; // A damaged cache is only a cache.
        }
    }

    private void WriteCache(IssuanceHistory history)
    {
        string temp = cachePath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(history with { FromCache = false }, CertspotterJson.Default.IssuanceHistory));
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, cachePath, overwrite: true);
    }
}
