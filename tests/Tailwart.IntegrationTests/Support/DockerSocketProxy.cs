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
            await Task.WhenAny(CopyAsync(client, daemon), CopyAsync(daemon, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            client.Dispose();
            daemon.Dispose();
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
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
