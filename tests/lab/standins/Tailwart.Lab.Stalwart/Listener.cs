using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Tailwart.Lab.Stalwart;

internal enum ListenerProtocol
{
    Smtp,
    Imap,
    Http,
    Pop3,
    ManageSieve,
}

/// <summary>One connection after PROXY/ban/TLS handling: who it is from (the proxied client on mail
/// listeners, the socket peer on the admin listener) and the shared services.</summary>
internal sealed record SessionContext(
    string ListenerId,
    int LocalPort,
    IPEndPoint Client,
    IPEndPoint Socket,
    Services Services)
{
    public IPAddress ClientIp => IpNetwork.Fold(Client.Address);
}

/// <summary>The process-wide services sessions need.</summary>
internal sealed record Services(StandinConfig Config, LabControl Lab, Store Store, BanBook Bans, CertStore Certs, Admin Admin);

/// <summary>
/// A TCP listener (stalwart.md §3, §7): PROXY header from trusted peers only (mandatory there: without
/// one the connection is dropped with <c>network.proxy-error</c>) on every listener, the admin listener
/// included, with the global trusted networks unless the listener overrides them (v0.16.18
/// crates/common/src/network/listen.rs 130–160, config/server/listener.rs 216–220; v0.15.5
/// crates/common/src/listener/listen.rs, config/server/listener.rs 180–193); then the ban check on the
/// resulting IP (accept, then close at once, logging <c>security.ip-blocked</c>), implicit TLS where
/// configured, then the protocol session. The admin listener (<c>http</c>, 8080) honours <c>control/api-hang</c>.
/// </summary>
internal sealed class Listener(string id, int port, ListenerProtocol protocol, bool implicitTls, bool adminListener, Services services)
{
    private const int MaxConcurrent = 256;
    private static readonly TimeSpan SessionCap = TimeSpan.FromMinutes(10);
    private int _active;
    private Socket? _socket;

    /// <summary>Binds now, so a busy port fails the boot before any listener runs.</summary>
    public void Bind() => _socket = BindSocket();

    public async Task RunAsync(CancellationToken ct)
    {
        var socket = _socket ?? BindSocket();
        StalwartLog.Info("Network listener started", "network.listen-start",
            ("listenerId", id), ("localIp", IPAddress.IPv6Any), ("localPort", port), ("tls", implicitTls));
        using (socket)
        {
            while (!ct.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await socket.AcceptAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                // Stalwart sets TCP_NODELAY on every accepted socket unless told otherwise
                // (0.15: `server.socket.nodelay`, default true; 0.16: NetworkListener.socketNoDelay,
                // default true). Without it a greeting written right after the TLS handshake waits
                // ~40 ms for the client's delayed ACK, which real Stalwart never shows.
                client.NoDelay = true;
                if (Interlocked.Increment(ref _active) > MaxConcurrent)
                {
                    Interlocked.Decrement(ref _active);
                    client.Dispose();
                    continue;
                }
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await HandleAsync(client, ct);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
                    {
                        // Peer went away or timed out: nothing to say.
                    }
                    catch (Exception e)
                    {
                        // A stand-in bug must not take the process down; say so in the log (no request data).
                        StalwartLog.Warn("Unexpected session error", "server.thread-error", ("listenerId", id), ("reason", e.GetType().Name));
                    }
                    finally
                    {
                        client.Dispose();
                        Interlocked.Decrement(ref _active);
                    }
                }, CancellationToken.None);
            }
        }
    }

    private Socket BindSocket()
    {
        try
        {
            var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            s.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            s.Listen(512);
            return s;
        }
        catch (SocketException)
        {
            // Containers without IPv6: fall back to IPv4 only.
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Any, port));
            s.Listen(512);
            return s;
        }
    }

    private async Task HandleAsync(Socket client, CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cts.CancelAfter(SessionCap);
        var ct = cts.Token;
        var socketEp = (IPEndPoint)client.RemoteEndPoint!;
        socketEp = new IPEndPoint(IpNetwork.Fold(socketEp.Address), socketEp.Port);
        await using var net = new NetworkStream(client, ownsSocket: false);

        if (adminListener && services.Lab.ApiHang)
        {
            // Fault "api-hang": accept and never answer; hold until the peer leaves or the cap hits.
            var sink = new byte[1024];
            while (await net.ReadAsync(sink, ct) > 0)
            {
            }
            return;
        }

        var clientEp = socketEp;
        if (services.Config.TrustedProxiesFor(id).Any(n => n.Contains(socketEp.Address)))
        {
            using var proxyTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            proxyTimeout.CancelAfter(services.Config.ProxyHeaderTimeout);
            try
            {
                clientEp = await ProxyProtocol.ReadAsync(net, proxyTimeout.Token) ?? socketEp;
            }
            catch (Exception e) when (e is FormatException or EndOfStreamException or OperationCanceledException or IOException)
            {
                StalwartLog.Warn("Proxy protocol error", "network.proxy-error",
                    ("listenerId", id), ("localPort", port), ("remoteIp", socketEp.Address), ("remotePort", socketEp.Port),
                    ("reason", e is OperationCanceledException ? "timed out waiting for PROXY header" : e.Message));
                return;
            }
        }

        var ctx = new SessionContext(id, port, clientEp, socketEp, services);
        if (services.Bans.IsBlocked(ctx.ClientIp))
        {
            StalwartLog.Info("Blocked IP address", "security.ip-blocked",
                ("listenerId", id), ("localPort", port), ("remoteIp", ctx.ClientIp), ("remotePort", clientEp.Port));
            return;
        }

        Stream stream = net;
        if (implicitTls)
        {
            var tls = await Tls.AcceptAsync(net, ctx, ct);
            if (tls is null) return;
            stream = tls;
        }

        try
        {
            switch (protocol)
            {
                case ListenerProtocol.Smtp:
                    await new SmtpSession(ctx, new LineChannel(stream, services.Config.IdleTimeout), implicitTls).RunAsync(ct);
                    break;
                case ListenerProtocol.Imap:
                    await new ImapSession(ctx, new LineChannel(stream, services.Config.IdleTimeout), implicitTls).RunAsync(ct);
                    break;
                case ListenerProtocol.Pop3:
                    await new Pop3Session(new LineChannel(stream, services.Config.IdleTimeout)).RunAsync(ct);
                    break;
                case ListenerProtocol.ManageSieve:
                    await new SieveSession(new LineChannel(stream, services.Config.IdleTimeout), implicitTls).RunAsync(ct);
                    break;
                default:
                    await HttpSession.RunAsync(ctx, stream, ct);
                    break;
            }
        }
        finally
        {
            if (stream != net) await stream.DisposeAsync();
        }
    }
}
