using System.Net;
using System.Net.Sockets;

namespace Tailwart.Tests.Reliability;

/// <summary>What the loopback DNS responder answers.</summary>
public enum DnsAnswer { ServFail, NxDomain, Refused, Garbage, WrongId, TruncatedThenGarbageOverTcp, Silent }

/// <summary>
/// A DNS server on loopback (UDP and TCP on the same port) that answers every query badly, the
/// way a broken resolver does. Answers are built from the query: its id and question, a chosen rcode, no records.
/// </summary>
public sealed class DnsResponder : IDisposable
{
    private readonly UdpClient _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly DnsAnswer _answer;

    public DnsResponder(DnsAnswer answer)
    {
        _answer = answer;
        while (true)
        {
            _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            Port = ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;
            try
            {
                _tcp = new TcpListener(IPAddress.Loopback, Port);
                _tcp.Start();
                break;
            }
            catch (SocketException)
            {
                _udp.Dispose();
            }
        }
        _ = Task.Run(UdpLoopAsync);
        _ = Task.Run(TcpLoopAsync);
    }

    public int Port { get; }

    private async Task UdpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult query;
            try { query = await _udp.ReceiveAsync(_stop.Token); }
            catch (Exception) { return; }
            byte[]? reply = Reply(query.Buffer, tcp: false);
            if (reply is not null)
                await _udp.SendAsync(reply, query.RemoteEndPoint);
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _tcp.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        byte[] buffer = new byte[4096];
                        int read = await stream.ReadAsync(buffer, _stop.Token);
                                    if (read > 2 && Reply(buffer[2..read], tcp: true) is { } reply)
                            await stream.WriteAsync(new byte[] { (byte)(reply.Length >> 8), (byte)reply.Length }.Concat(reply).ToArray(), _stop.Token);
                        else if (_answer == DnsAnswer.Silent)
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                    }
                    catch (Exception) { /* the client gave up */ }
                }
            });
        }
    }

    private byte[]? Reply(byte[] query, bool tcp)
    {
        if (query.Length < 12)
            return null;
        int end = 12;
        while (end < query.Length && query[end] != 0)
            end += query[end] + 1;
        end = Math.Min(query.Length, end + 5);
        byte[] reply = query[..end];
        reply[2] = (byte)(0x80 | (query[2] & 0x01));
        reply[3] = 0x80;
        reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;
        switch (_answer)
        {
            case DnsAnswer.ServFail: reply[3] |= 2; return reply;
            case DnsAnswer.NxDomain: reply[3] |= 3; return reply;
            case DnsAnswer.Refused: reply[3] |= 5; return reply;
            case DnsAnswer.WrongId: reply[0] ^= 0xFF; return reply;
            case DnsAnswer.TruncatedThenGarbageOverTcp when !tcp: reply[2] |= 0x02; return reply;
            case DnsAnswer.Garbage or DnsAnswer.TruncatedThenGarbageOverTcp:
                byte[] garbage = new byte[Random.Shared.Next(1, 600)];
                Random.Shared.NextBytes(garbage);
                garbage[0] = query[0];
                if (garbage.Length > 1) garbage[1] = query[1];
                return garbage;
            default: return null;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp.Stop();
    }
}
