using System.Net;
using System.Net.Sockets;
using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Http;

/// <summary>
/// A one-request-per-connection HTTP/1.1 server bound to 127.0.0.1 only (port 0 = ephemeral). Each
/// connection has a 10 s budget; at most 64 run at once (extra ones are closed).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private const int MaxConcurrent = 64;
    private static readonly TimeSpan ConnectionBudget = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener;
    private readonly Func<HttpWireRequest, HttpWireResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _active;

    private LoopbackHttpServer(int port, Func<HttpWireRequest, HttpWireResponse> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptLoopAsync();
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    internal static LoopbackHttpServer Start(int port, Func<HttpWireRequest, HttpWireResponse> handler) => new(port, handler);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (Interlocked.Increment(ref _active) > MaxConcurrent)
            {
                Interlocked.Decrement(ref _active);
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        budget.CancelAfter(ConnectionBudget);
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                HttpWireResponse response;
                try
                {
                    var request = await HttpWire.ReadRequestAsync(stream, budget.Token);
                    if (request is null) return;
                    response = _handler(request);
                }
                catch (HttpWireException e)
                {
                    response = HttpWireResponse.Text(e.Status, "text/plain", e.Message);
                }
                catch (Exception e) when (e is not (IOException or OperationCanceledException))
                {
                    response = HttpWireResponse.Text(500, "text/plain", "stand-in error: " + e.GetType().Name);
                }
                await HttpWire.WriteResponseAsync(stream, response, budget.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // client went away or ran out of budget
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
