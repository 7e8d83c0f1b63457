using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tailwart.Tests.Reliability;

/// <summary>What a peer on a TLS port says instead of TLS.</summary>
public enum NotTls { PlainSmtpBanner, PlainHttp, RandomBytes, ClosesAtOnce, Silent, TlsAlertThenClose }

/// <summary>A loopback listener on a "TLS port" that is not TLS.</summary>
public sealed class NotTlsPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public NotTlsPeer(NotTls kind)
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                _ = Task.Run(() => ServeAsync(client, kind));
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task ServeAsync(TcpClient client, NotTls kind)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                byte[] bytes = kind switch
                {
                    NotTls.PlainSmtpBanner => Encoding.ASCII.GetBytes("220 mail.example.com ESMTP not-tls\r\n"),
                    NotTls.PlainHttp => Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"),
                    NotTls.RandomBytes => RandomBytes(),
                    NotTls.TlsAlertThenClose => [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28],
                    _ => [],
                };
                if (kind == NotTls.ClosesAtOnce)
                    return;
                if (kind == NotTls.Silent)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                await stream.WriteAsync(bytes, _stop.Token);
                await Task.Delay(300, _stop.Token);
            }
            catch (Exception) { /* the prober hung up */ }
        }
    }

    private static byte[] RandomBytes()
    {
        byte[] bytes = new byte[2048];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
