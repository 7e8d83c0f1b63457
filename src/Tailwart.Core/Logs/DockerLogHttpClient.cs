using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Docker.DotNet;

namespace Tailwart.Core.Logs;

/// <summary>
/// Opens the body of Docker's <c>GET /containers/{id}/logs</c> with the BCL's <see cref="HttpClient"/>
/// (<see cref="SocketsHttpHandler"/> on the daemon's unix socket); every other Docker call still goes
/// through Docker.DotNet. Why (issue 5, log ingest ≥ 1.0× <c>docker logs</c>): dockerd sends each log
/// line as its own HTTP chunk, and Docker.DotNet's chunked reader hands out one chunk per read, reading
/// each chunk's header and trailer as strings, so a chatty container cost one async round per line and
/// capped ingest near 0.6× <c>docker logs</c>. SocketsHttpHandler's chunked decoder copies every chunk it
/// has buffered into one read, so one 64 KB read brings hundreds of lines.
/// The request is built as Docker.DotNet builds its own (same endpoint, same API version prefix, same
/// extra headers), so both halves talk to the daemon the same way.
/// </summary>
internal static class DockerLogHttpClient
{
    /// <summary>dockerd sends the response headers at once, even when following a quiet container.</summary>
    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(30);

    /// <summary>One client (one connection pool) per daemon socket for the life of the process, as HttpClient is meant to be used.</summary>
    private static readonly ConcurrentDictionary<string, HttpClient> Clients = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="docker"/> talks to a unix socket (the edge box's case); other endpoints keep Docker.DotNet's reader.</summary>
    public static bool Supports(IDockerClient docker) =>
        docker.Options.Endpoint is { } endpoint && string.Equals(endpoint.Scheme, "unix", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Sends the request and returns the response once its headers are in, synchronously: the body is
    /// read on a thread of its own with blocking reads (<see cref="DockerLogPump"/>). Waiting for the
    /// headers is bounded by <see cref="HeadersTimeout"/>; the body is bounded by the caller (cancel by
    /// disposing the response).
    /// </summary>
    /// <exception cref="DockerContainerNotFoundException">The container does not exist (any more).</exception>
    /// <exception cref="DockerApiException">dockerd answered with another error.</exception>
    /// <exception cref="HttpRequestException">The socket could not be reached.</exception>
    public static HttpResponseMessage GetLogs(IDockerClient docker, string containerId, string query, CancellationToken ct = default)
    {
        if (!Supports(docker))
            throw new NotSupportedException($"Docker endpoint {docker.Options.Endpoint} is not a unix socket.");
        HttpClient http = Clients.GetOrAdd(docker.Options.Endpoint.LocalPath, Create);
        string version = docker.Options.ApiVersion is { } v ? $"v{v}/" : ""; // none: the daemon's own version, as Docker.DotNet does
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://docker/{version}containers/{Uri.EscapeDataString(containerId)}/logs?{query}")
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("tailwart", null));
        foreach ((string name, string value) in docker.Options.Headers)
            request.Headers.TryAddWithoutValidation(name, value);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(HeadersTimeout);
        HttpResponseMessage response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            using var reader = new StreamReader(response.Content.ReadAsStream(deadline.Token));
            string body = reader.ReadToEnd(); // dockerd's error answers are one short JSON object
            throw response.StatusCode == HttpStatusCode.NotFound
                ? new DockerContainerNotFoundException(response.StatusCode, body)
                : new DockerApiException(response.StatusCode, body);
        }
    }

    private static HttpClient Create(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            // A blocking connect keeps the socket in blocking mode, so the pump's reads are plain recv(2)
            // calls (no event loop, no thread-pool hop); a unix socket connect answers at once.
            ConnectCallback = (_, _) =>
            {
                // SO_SNDTIMEO bounds a blocking unix-socket connect too (a daemon whose listen backlog is full), and the request's write
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { SendTimeout = 5000 };
                try
                {
                    socket.Connect(new UnixDomainSocketEndPoint(socketPath));
                    return ValueTask.FromResult<Stream>(new NetworkStream(socket, ownsSocket: true));
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // An idle connection left from before a daemon restart is dropped rather than reused.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        // The body of a followed log is read for as long as the container runs: the caller's token bounds it.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
