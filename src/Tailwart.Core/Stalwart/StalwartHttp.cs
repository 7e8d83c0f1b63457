using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Tailwart.Core.Tls;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// HTTP over one <see cref="StalwartAccessPath"/>: every connection is opened by the path's
/// connector (so the netns path is just another connector), every call is bounded by the
/// timeout end to end, and every body is read up to a cap. Transport failures become
/// <see cref="StalwartApiException"/>s that say what was seen; nothing here ever logs a header.
/// </summary>
internal sealed class StalwartHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly StalwartClientOptions _options;

    public StalwartHttp(StalwartAccessPath path, StalwartClientOptions options)
    {
        Path = path;
        _options = options;
        var handler = new SocketsHttpHandler
        {
            // The connector decides where the bytes originate (this box, or inside the sidecar's netns).
            ConnectCallback = (context, ct) => new ValueTask<Stream>(path.Connector.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, options.Timeout, ct)),
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
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(method, relative);
        // One request per connection: Stalwart may close after answering, and a POST is never retried
        // on a stale pooled connection.
        request.Headers.ConnectionClose = true;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("tailwart", "1"));
        if (auth is not null)
            request.Headers.Authorization = auth;
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        string what = $"{method} {relative} over {Path}";
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
