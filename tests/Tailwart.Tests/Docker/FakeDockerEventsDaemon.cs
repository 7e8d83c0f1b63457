using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Tailwart.Tests.Docker;

/// <summary>
/// A dockerd stand-in on a unix socket that speaks just enough of the Engine API for the real
/// Docker.DotNet client: <c>GET …/events</c> answers 200 with a chunked JSON stream whose lines the
/// test pushes (<see cref="SendAsync"/>) and ends when the test says so (<see cref="EndStreamAsync"/>,
/// dockerd stopping); <c>/_ping</c> answers OK; anything else 404. Each request line is kept, so a
/// test can read the query (the event filters) the client sent.
/// </summary>
internal sealed class FakeDockerEventsDaemon : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<Stream> _streams = Channel.CreateUnbounded<Stream>();
    private readonly List<string> _requests = [];
    private readonly Task _accepting;

    public FakeDockerEventsDaemon(string socketPath)
    {
        SocketPath = socketPath;
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(8);
        _accepting = AcceptAsync();
    }

    public string SocketPath { get; }

    /// <summary>The request lines seen so far ("GET /v1.41/events?filters=… HTTP/1.1").</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    private Stream? _current;

    /// <summary>Waits (bounded) for the client's next subscription to /events and makes it the current stream.</summary>
    public async Task WaitForSubscriptionAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        _current = await _streams.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Writes one event (a JSON object, as dockerd writes it) to the current stream, as one chunk.</summary>
    public async Task SendAsync(string json)
    {
        byte[] body = Encoding.UTF8.GetBytes(json + "\n");
        await WriteAsync(_current!, $"{body.Length:x}\r\n", body, "\r\n");
    }

    /// <summary>Ends the current stream the way a stopping dockerd does: the last chunk, then the connection closes.</summary>
    public async Task EndStreamAsync()
    {
        Stream s = _current!;
        try
        {
            await WriteAsync(s, "0\r\n\r\n", [], "");
        }
        catch (IOException)
        {
            // the client saw the last chunk and hung up before the empty writes after it (EPIPE): ended either way
        }
        await s.DisposeAsync();
    }

    private static async Task WriteAsync(Stream s, string head, byte[] body, string tail)
    {
        await s.WriteAsync(Encoding.ASCII.GetBytes(head));
        await s.WriteAsync(body);
        await s.WriteAsync(Encoding.ASCII.GetBytes(tail));
        await s.FlushAsync();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket client = await _listener.AcceptAsync(_stop.Token);
                _ = ServeAsync(new NetworkStream(client, ownsSocket: true));
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>One connection: requests one after the other (keep-alive) until /events takes it over.</summary>
    private async Task ServeAsync(NetworkStream stream)
    {
        try
        {
            while (await ReadRequestLineAsync(stream) is { } line)
            {
                lock (_requests)
                    _requests.Add(line);
                string path = line.Split(' ') is [_, var p, ..] ? p : "";
                if (path.Contains("/events", StringComparison.Ordinal))
                {
                    await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", [], "");
                    await _streams.Writer.WriteAsync(stream);
                    return; // the test owns it now
                }
                bool ping = path.Contains("/_ping", StringComparison.Ordinal);
                byte[] body = Encoding.UTF8.GetBytes(ping ? "OK" : "{\"message\":\"page not found\"}");
                await WriteAsync(stream, $"HTTP/1.1 {(ping ? "200 OK" : "404 Not Found")}\r\nContent-Type: {(ping ? "text/plain" : "application/json")}\r\nApi-Version: 1.41\r\nContent-Length: {body.Length}\r\n\r\n", body, "");
            }
            await stream.DisposeAsync();
        }
        catch (IOException)
        {
            await stream.DisposeAsync();
        }
    }

    /// <summary>The request line of the next request, its headers read past (these requests have no body); null at end of stream.</summary>
    private static async Task<string?> ReadRequestLineAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
                return null;
            head.Append((char)one[0]);
            if (head.Length > 16_384)
                throw new IOException("request head too long");
        }
        return head.ToString().Split("\r\n")[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
        File.Delete(SocketPath);
    }
}
