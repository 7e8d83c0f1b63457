using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Tailwart.Core.Net;
using Tailwart.Core.Tls;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// HTTP over one <see cref="StalwartAccessPath"/>: every connection is opened by the path's
/// connector (so the netns path is just another connector), every call is bounded by the
/// timeout end to end, and every body is read up to a cap. Transport failures become
/// <see cref="StalwartApiException"/>s that say what was seen; nothing here ever logs a header.
/// When this box's source address is in Stalwart's proxy trusted networks (they cover the admin
/// listener too unless it overrides them), Stalwart drops a connection that opens without a PROXY
/// header right after accept, the same "accepts, then closes" a ban shows (CONTRACT.md B3). So an
/// accept-then-close is followed by one <c>GET /healthz/live</c> behind a PROXY v2 LOCAL header
/// (<see cref="ProxyLocalConnector"/>); when that answers 200, every later request on this path
/// sends the header and the dropped request is sent again with it. Nothing reached Stalwart's HTTP
/// layer the first time: a trusted peer without a header, and a banned one, are both closed before
/// the request is read (v0.16.18 crates/common/src/network/listen.rs 130–160).
/// </summary>
internal sealed class StalwartHttp : IDisposable
{
    private static readonly HttpRequestOptionsKey<bool> WithProxyHeader = new("tailwart.proxy-local");
    private readonly HttpClient _client;
    private readonly StalwartClientOptions _options;
    private volatile bool _proxyHeader; // learned once per path: this box is a trusted proxy peer of Stalwart

    public StalwartHttp(StalwartAccessPath path, StalwartClientOptions options)
    {
        Path = path;
        _options = options;
        var proxied = new ProxyLocalConnector(path.Connector);
        var handler = new SocketsHttpHandler
        {
            // The connector decides where the bytes originate (this box, or inside the sidecar's netns);
            // a request marked WithProxyHeader opens its connection with the PROXY v2 LOCAL header.
            // Every request has Connection: close, so a connection never carries the other kind.
            ConnectCallback = (context, ct) => new ValueTask<Stream>(
                (context.InitialRequestMessage.Options.TryGetValue(WithProxyHeader, out bool withHeader) && withHeader ? proxied : path.Connector)
                    .ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, options.Timeout, ct)),
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            // An https admin URL: its chain is judged with nothing fetched (no untimed AIA download).
            SslOptions = new() { CertificateChainPolicy = OfflineChainPolicy.SystemRoots() },
        };
        _client = new HttpClient(handler) { BaseAddress = path.BaseUri, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public StalwartAccessPath Path { get; }

    public async Task<StalwartResponse> SendAsync(HttpMethod method, string relative, string? json, AuthenticationHeaderValue? auth, CancellationToken ct)
    {
        bool withHeader = _proxyHeader;
        try
        {
            return await SendOnceAsync(method, relative, json, auth, withHeader, ct).ConfigureAwait(false);
        }
        catch (StalwartApiException e) when (e.Failure == StalwartFailure.AcceptedThenClosed && !withHeader)
        {
            if (!await AnswersBehindProxyHeaderAsync(ct).ConfigureAwait(false))
                throw new StalwartApiException(e.Failure, e.Path,
                    e.Message + " It closed the same way behind a PROXY v2 LOCAL header, so it is not Stalwart asking this box (a trusted proxy peer) for one.", e.InnerException);
            _proxyHeader = true;
            return await SendOnceAsync(method, relative, json, auth, withHeader: true, ct).ConfigureAwait(false);
        }
    }

    /// <summary>One unauthenticated GET /healthz/live behind a PROXY v2 LOCAL header: 200 means Stalwart trusts this box as a proxy peer.</summary>
    private async Task<bool> AnswersBehindProxyHeaderAsync(CancellationToken ct)
    {
        try
        {
            return (await SendOnceAsync(HttpMethod.Get, "/healthz/live", null, null, withHeader: true, ct).ConfigureAwait(false)).Status == 200;
        }
        catch (StalwartApiException)
        {
            return false;
        }
    }

    private async Task<StalwartResponse> SendOnceAsync(HttpMethod method, string relative, string? json, AuthenticationHeaderValue? auth, bool withHeader, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(method, relative);
        // One request per connection: Stalwart may close after answering, and a POST is never retried
        // on a stale pooled connection.
        request.Headers.ConnectionClose = true;
        request.Options.Set(WithProxyHeader, withHeader);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("tailwart", "1"));
        if (auth is not null)
            request.Headers.Authorization = auth;
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        string what = $"{method} {relative} over {Path}{(withHeader ? " behind a PROXY v2 LOCAL header" : "")}";
        try
        {
            using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            string body;
            try
            {
                body = await ReadCappedAsync(response, what, deadline.Token).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new StalwartApiException(StalwartFailure.Malformed, Path.Name, $"{what}: HTTP {(int)response.StatusCode}, then the body broke off: {e.Message}", e);
            }
            return new StalwartResponse((int)response.StatusCode, body, Path.Name);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new StalwartApiException(StalwartFailure.Timeout, Path.Name,
                $"{what}: no answer within {_options.Timeout.TotalSeconds:0.#} s: the admin listener accepts and never answers (Stalwart hung, or something in between holds the connection). Check `docker logs` of Stalwart; tailwart gave up cleanly.", e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ResponseEnded || IsReset(e))
        {
            throw new StalwartApiException(StalwartFailure.AcceptedThenClosed, Path.Name,
                $"{what}: accepted the connection, then closed it without an answer: that is how Stalwart turns away a banned client IP (lesson 3: the admin listener checks the socket IP).", e);
        }
        catch (HttpRequestException e)
        {
            throw new StalwartApiException(StalwartFailure.Unreachable, Path.Name, $"{what}: unreachable: {Inner(e)}", e);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or UserFacingException and not StalwartApiException)
        {
            throw new StalwartApiException(StalwartFailure.Unreachable, Path.Name, $"{what}: unreachable: {e.Message}", e);
        }
    }

    private async Task<string> ReadCappedAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is long declared && declared > _options.MaxBodyBytes)
            throw TooLarge(what, $"{declared} bytes declared");
        await using Stream stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > _options.MaxBodyBytes)
                throw TooLarge(what, $"more than {_options.MaxBodyBytes} bytes");
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private StalwartApiException TooLarge(string what, string size) =>
        new(StalwartFailure.Malformed, Path.Name, $"{what}: the answer is too large ({size}; tailwart reads at most {_options.MaxBodyBytes / 1024} KiB of one answer). Is this Stalwart's admin API? Check stalwart.adminUrl.");

    private static bool IsReset(HttpRequestException e) =>
        e.InnerException is IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } }
        || e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset };

    private static string Inner(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e.Message;
    }

    public void Dispose() => _client.Dispose();
}
