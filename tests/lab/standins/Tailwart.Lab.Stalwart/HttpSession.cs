using System.Text.RegularExpressions;
using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// One HTTP request per connection on 443 (after TLS) and 8080: health, MTA-STS, autoconfig, and the
/// management API of the emulated generation. Unparseable requests count toward the scan ban;
/// a 404 on a scan path (<c>*.php*</c>, <c>*/wp-*</c>, …) bans at once (stalwart.md §2).
/// </summary>
internal static partial class HttpSession
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(SessionContext ctx, Stream stream, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        HttpWireRequest? req;
        try
        {
            req = await HttpWire.ReadRequestAsync(stream, timeout.Token);
        }
        catch (HttpWireException e)
        {
            await ctx.Services.Bans.RecordMalformedAsync(ctx.ClientIp, $"malformed HTTP request on {ctx.ListenerId}: {e.Message}", ct);
            await HttpWire.WriteResponseAsync(stream, Json.Problem(e.Status, HttpWire.Reason(e.Status), e.Message), ct);
            return;
        }
        if (req is null) return;

        HttpWireResponse response;
        try
        {
            response = await RouteAsync(ctx, req, timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or System.Text.Json.JsonException or KeyNotFoundException or ArgumentException)
        {
            // Wrongly typed JSON fields and the like: the real server answers 400 "Invalid parameters".
            response = Json.Problem(400, "Invalid parameters", e.GetType().Name);
        }
        await HttpWire.WriteResponseAsync(stream, response, ct);
    }

    private static async Task<HttpWireResponse> RouteAsync(SessionContext ctx, HttpWireRequest req, CancellationToken ct)
    {
        var web = WebEndpoints.TryHandle(ctx, req);
        if (web is not null) return web;
        var admin = await ctx.Services.Admin.TryHandleAsync(ctx, req, ct);
        if (admin is not null) return admin;
        if (ScanPath().IsMatch(req.Path)) await ctx.Services.Bans.ScanPathHitAsync(ctx.ClientIp, req.Path, ct);
        return Json.Problem(404, "Not Found", "The requested resource does not exist on this server.");
    }

    // The default server.auto-ban.scan.paths globs, as one regex.
    [GeneratedRegex(@"\.php|\.cgi|\.asp|/wp-|/php|/cgi-bin|xmlrpc|\.\./|/\.\.|joomla|wordpress|drupal", RegexOptions.IgnoreCase)]
    private static partial Regex ScanPath();
}
