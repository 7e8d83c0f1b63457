using System.Net;
using System.Net.Sockets;

namespace Tailwart.Core.Netns;

/// <summary>
/// A loopback listener whose connections are each piped into the sidecar's netns by a
/// <see cref="NetnsConnector"/> (nc for a name, a setns socket for an address literal when it can).
/// Disposing it stops the listener and tears down every pipe.
/// </summary>
internal sealed class NetnsEndpoint : IAsyncDisposable
{
    private readonly NetnsConnector _connector;
    private readonly string _host;
    private readonly int _port;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _pipes = [];
    private volatile string? _lastError;

    private NetnsEndpoint(NetnsConnector connector, string host, int port)
    {
        _connector = connector;
        _host = host;
        _port = port;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Where to connect (127.0.0.1 and an ephemeral port).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The remote this endpoint pipes to, as named in the netns.</summary>
    public string Target => $"{_host}:{_port}";

    /// <summary>The last thing nc (or the exec) reported when a pipe failed; null while all went well.</summary>
    public string? LastError => _lastError;

    /// <summary>
    /// Waits (at most <paramref name="wait"/>) for the pipes to end, then <see cref="LastError"/>:
    /// nc's stderr is complete only once its exec has ended, which may be just after the client saw EOF.
    /// </summary>
    public async Task<string?> SettledErrorAsync(TimeSpan wait)
    {
        Task[] pipes;
        lock (_pipes)
            pipes = [.. _pipes];
        await Task.WhenAll(pipes).WaitAsync(wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return _lastError;
    }

    internal static NetnsEndpoint Start(NetnsConnector connector, string host, int port) => new(connector, host, port);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                // The relay forwards a conversation of small messages (PostgreSQL's SCRAM exchange is
                // four of them): with Nagle on, each answer written here waits for the client's
                // delayed ACK (~40 ms on Linux). The netns side already has TCP_NODELAY.
                client.NoDelay = true;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            lock (_pipes)
                _pipes.Add(PipeAsync(client));
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        {
            Stream remote;
            try
            {
                // An address literal takes a socket made in the netns when setns is possible (no exec,
                // ~ms instead of one docker exec); a name always takes nc, so it resolves as the sidecar does.
                remote = IPAddress.TryParse(_host, out _) && _connector.CanConnectDirectly
                    ? await _connector.ConnectStreamAsync(_host, _port, _stop.Token).ConfigureAwait(false)
                    : await _connector.ConnectAsync(_host, _port, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NetnsUnavailableException or OperationCanceledException)
            {
                _lastError = e.Message;
                return;
            }
            catch (TimeoutException)
            {
                _lastError = $"connect to {Target} timed out"; // nc's wording, so RouteVerifier.Classify reads both alike
                return;
            }
            catch (SocketException e)
            {
                _lastError = $"connect to {Target} failed: {e.Message}";
                return;
            }
            await using (remote.ConfigureAwait(false))
            {
                NetworkStream local = client.GetStream();
                Task up = CopyUpAsync(local, remote);
                Task down = CopyDownAsync(remote, client);
                try
                {
                    await Task.WhenAll(up, down).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // a broken pipe ends this one connection; the client sees it closed.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
                if (remote is NetnsStream { StandardError.Length: > 0 } nc)
                    _lastError = nc.StandardError.Trim();
            }
        }
    }

    private async Task CopyUpAsync(NetworkStream local, Stream remote)
    {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = await local.ReadAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
            await remote.WriteAsync(buffer.AsMemory(0, n), _stop.Token).ConfigureAwait(false);
        if (remote is NetnsStream nc)
            nc.CloseWrite();
        else if (remote is NetworkStream direct)
            direct.Socket.Shutdown(SocketShutdown.Send);
    }

    private async Task CopyDownAsync(Stream remote, TcpClient client)
    {
        byte[] buffer = new byte[16 * 1024];
        int n;
        NetworkStream local = client.GetStream();
        while ((n = await remote.ReadAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
            await local.WriteAsync(buffer.AsMemory(0, n), _stop.Token).ConfigureAwait(false);
        // the remote side (or nc) ended: close our side so the client sees EOF, not a hang
        client.Client.Shutdown(SocketShutdown.Both);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        Task[] pipes;
        lock (_pipes)
            pipes = [.. _pipes];
        await Task.WhenAll(pipes).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
