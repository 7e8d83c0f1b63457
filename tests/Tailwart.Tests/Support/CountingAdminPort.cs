using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tailwart.Tests.Support;

/// <summary>
/// A loopback HTTP listener standing in for Stalwart's admin port that counts the connections it
/// accepts: what a budget test asserts is what reached the wire. Shared by the unit and the
/// integration project (linked source), so the two budget tests count the same way.
/// </summary>
public sealed class CountingAdminPort : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _accepted;

    public CountingAdminPort()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _serving = ServeAsync(_stop.Token);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Connections accepted so far; read after <see cref="StopAsync"/> for the final count.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _serving;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync(ct);
                Interlocked.Increment(ref _accepted);
                NetworkStream stream = client.GetStream();
                var buffer = new byte[4096];
                using var read = CancellationTokenSource.CreateLinkedTokenSource(ct);
                read.CancelAfter(TimeSpan.FromSeconds(5));
                _ = await stream.ReadAsync(buffer, read.Token); // the request line is enough; its content does not matter here
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }
}
