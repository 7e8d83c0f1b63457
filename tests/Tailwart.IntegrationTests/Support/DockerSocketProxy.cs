using System.Net.Sockets;

namespace Tailwart.IntegrationTests.Support;

/// <summary>
/// A unix socket in front of the real /var/run/docker.sock, whose connections a test can cut at
/// once: what a client sees when dockerd restarts or the API connection drops, without restarting
/// the daemon everyone on the machine shares.
/// </summary>
public sealed class DockerSocketProxy : IAsyncDisposable
{
    private const string DockerSocket = "/var/run/docker.sock";
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Dictionary<Socket, string> _requests = [];
    private readonly Task _accept;
    private int _accepted;

    private DockerSocketProxy(string path)
    {
        Path = path;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(64);
        _accept = AcceptLoopAsync();
    }

    /// <summary>The proxy's socket: point a Docker client at it.</summary>
    public string Path { get; }

    /// <summary>How many client connections the proxy has accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public static DockerSocketProxy Start() =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tw-docker-proxy-{Guid.NewGuid():N}.sock"));

    /// <summary>Closes every connection open now (both sides); new ones are still accepted.</summary>
    public void CutAll()
    {
        lock (_open)
        {
            foreach (var s in _open)
                s.Dispose();
            _open.Clear();
            _requests.Clear();
        }
    }

    /// <summary>
    /// Closes the open connections whose first request line (e.g. <c>GET /v1.41/containers/ID/logs?…</c>)
    /// contains <paramref name="path"/>, leaving the others (the event stream) alone: one stream cut
    /// short while everything else goes on.
    /// </summary>
    public int CutRequests(string path)
    {
        lock (_open)
        {
            var cut = _requests.Where(r => r.Value.Contains(path, StringComparison.Ordinal)).Select(r => r.Key).ToList();
            foreach (var client in cut)
            {
                client.Dispose(); // its PipeAsync disposes the daemon side
                _requests.Remove(client);
            }
            return cut.Count;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(Socket client)
    {
        var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        lock (_open)
        {
            _open.Add(client);
            _open.Add(daemon);
        }
        try
        {
            await daemon.ConnectAsync(new UnixDomainSocketEndPoint(DockerSocket), _stop.Token);
            await Task.WhenAny(CopyAsync(client, daemon, first: client), CopyAsync(daemon, client, first: null));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            lock (_open)
                _requests.Remove(client);
            client.Dispose();
            daemon.Dispose();
        }
    }

    /// <param name="first">The client whose first request line to remember (for <see cref="CutRequests"/>), or null.</param>
    private async Task CopyAsync(Socket from, Socket to, Socket? first)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                string line = first is null ? "" : System.Text.Encoding.ASCII.GetString(buffer, 0, Math.Min(n, 512)).Split('\n')[0];
                if (first is not null && (line.StartsWith("GET ", StringComparison.Ordinal) || line.StartsWith("POST ", StringComparison.Ordinal)))
                {
                    lock (_open)
                        _requests[first] = line; // the latest request on a kept-alive connection
                }
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        CutAll();
        await _accept;
        File.Delete(Path);
        _stop.Dispose();
    }
}
