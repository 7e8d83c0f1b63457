using System.Diagnostics;
using System.Net;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.Secrets;

namespace Tailwart.Core.KeyTest;

/// <summary>
/// Tests the registrar key behind Stalwart's DNS-01 (lesson 2: a dead key blocked issuance with
/// `Failed to set DNS RRSet: Unauthorized`): one list request for the mail domain, explained.
/// The request leaves from this box's WAN IP, the same as Stalwart's, so an IP-restricted key
/// fails here as it fails there. Behind its own budget guard; never retried.
/// </summary>
internal sealed class SpaceshipKeyTester(SpaceshipSettings settings, string domain, BudgetGuard guard, HttpMessageHandler? handler = null)
{
    public const string LedgerKey = "key-test:spaceship";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const string BlankFieldReminder = " Note: a secret field that shows blank in Stalwart's admin UI is not evidence that it is unset (lesson 2).";

    public Task<KeyTestResult> TestAsync(Secret key, Secret secret, CancellationToken ct = default) =>
        guard.RunAsync(LedgerKey, "Spaceship key test", token => SendAsync(key, secret, token), ct);

    private async Task<KeyTestResult> SendAsync(Secret key, Secret secret, CancellationToken ct)
    {
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout;
        var uri = new Uri($"{settings.BaseUrl.ToString().TrimEnd('/')}/dns/records/{Uri.EscapeDataString(domain)}?take=5&skip=0");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("X-Api-Key", key.Reveal());
        request.Headers.TryAddWithoutValidation("X-Api-Secret", secret.Reveal());
        var clock = Stopwatch.StartNew();
        try
        {
            using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            string? code = response.Headers.TryGetValues("spaceship-error-code", out var codes) ? codes.FirstOrDefault() : null;
            TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta;
            return Explain((int)response.StatusCode, code, retryAfter, clock.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            string what = e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message;
            return new KeyTestResult(null, false, "no answer", $"The Spaceship API at {settings.BaseUrl.Host} could not be reached: {what}. Nothing is known about the key.", null, null, clock.Elapsed);
        }
    }

    private KeyTestResult Explain(int status, string? code, TimeSpan? retryAfter, TimeSpan latency) => status switch
    {
        200 => new(status, true, "key good", $"The key and secret are valid and can read the DNS records of {domain}; DNS-01 can publish its challenge if the key also has dnsrecords:write.", code, null, latency),
        401 => new(status, false, "key rejected", "401 Unauthorized: the key or secret is wrong, API access is switched off for the account, or the key is restricted to other IPs (this request left from the box's WAN IP, as Stalwart's do). Create a fresh key in Spaceship's API Manager and enter it in Stalwart's ACME DNS provider settings." + BlankFieldReminder, code, null, latency),
        403 => new(status, false, "key lacks permission", "403 Forbidden: the key is valid but lacks the DNS scopes (dnsrecords:read / dnsrecords:write). Create a key with those scopes." + BlankFieldReminder, code, null, latency),
        404 => new(status, false, "domain not in account", $"404 Not Found: {domain} is not a domain of the account that owns this key. Use a key of the account that holds the domain.", code, null, latency),
        429 => new(status, false, "rate limited", $"429 Too Many Requests: Spaceship rate-limits DNS listing (300 per 300 s per user). Retry after {retryAfter?.TotalSeconds ?? 60:0} s; the key itself was not judged.", code, retryAfter, latency),
        >= 500 => new(status, false, "registrar error", $"{status}: Spaceship failed to answer; nothing is known about the key. Try again later.", code, null, latency),
        _ => new(status, false, $"unexpected {status}", $"{status} is not an answer the key test knows ({code ?? "no error code"}).", code, null, latency),
    };
}
