using System.Net;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tailwart.Lab.Stalwart;

namespace Tailwart.IntegrationTests.Standins;

/// <summary>Raw-socket clients for the stand-in: PROXY v2 headers, SMTP lines, TLS, one-shot HTTP. Every call is time-bounded.</summary>
internal static class WireClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>A non-loopback IPv4 address of this machine (loopback can never be banned).</summary>
    public static IPAddress LocalNonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException("no non-loopback IPv4 address on this machine");

    public static async Task<(Socket Socket, NetworkStream Stream)> ConnectAsync(IPAddress source, IPAddress target, int port, IPAddress? proxiedClient)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        using var cts = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(new IPEndPoint(target, port), cts.Token);
        var stream = new NetworkStream(socket, ownsSocket: true);
        if (proxiedClient is not null)
        {
            var header = ProxyProtocol.BuildV2(new IPEndPoint(proxiedClient, 40000), new IPEndPoint(target, port));
            await stream.WriteAsync(header, cts.Token);
        }
        return (socket, stream);
    }

    /// <summary>Runs an SMTP exchange through a PROXY v2 header; returns every reply line, or "(closed)" when the server hung up.</summary>
    public static async Task<List<string>> SmtpAsync(int port, IPAddress proxiedClient, IPAddress? source = null, params string[] commands)
    {
        var src = source ?? IPAddress.Loopback;
        var (_, stream) = await ConnectAsync(src, src, port, proxiedClient);
        await using (stream)
        {
            var replies = new List<string>();
            var reader = new StreamReader(stream, Encoding.ASCII);
            if (!await ReadReplyAsync(reader, replies)) return replies;
            foreach (var c in commands)
            {
                using var cts = new CancellationTokenSource(Timeout);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(c + "\r\n"), cts.Token);
                if (!await ReadReplyAsync(reader, replies)) return replies;
            }
            return replies;
        }
    }

    private static async Task<bool> ReadReplyAsync(StreamReader reader, List<string> replies)
    {
        while (true)
        {
            string? line;
            try
            {
                using var cts = new CancellationTokenSource(Timeout);
                line = await reader.ReadLineAsync(cts.Token);
            }
            catch (IOException)
            {
                line = null;
            }
            if (line is null)
            {
                replies.Add("(closed)");
                return false;
            }
            replies.Add(line);
            if (line.Length < 4 || line[3] != '-') return true;
        }
    }

    /// <summary>The certificate served on an implicit-TLS listener for an SNI, via PROXY from <paramref name="proxiedClient"/>.</summary>
    public static async Task<X509Certificate2> ServedCertificateAsync(int port, string sni, IPAddress proxiedClient)
    {
        var (_, stream) = await ConnectAsync(IPAddress.Loopback, IPAddress.Loopback, port, proxiedClient);
#pragma warning disable CA5359 // the point is to inspect whatever certificate is served, fallback included
        await using var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
#pragma warning restore CA5359
        using var cts = new CancellationTokenSource(Timeout);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = sni }, cts.Token);
        return new X509Certificate2(ssl.RemoteCertificate!);
    }

    /// <summary>One HTTP request over a fresh connection from <paramref name="source"/> (<paramref name="basicAuth"/> is "user:pass" or "Bearer …"); null when the server closed without answering.</summary>
    public static async Task<HttpReply?> HttpAsync(IPAddress source, int port, string method, string path, string? basicAuth = null, string? body = null, string contentType = "application/json")
    {
        var (_, stream) = await ConnectAsync(source, source, port, proxiedClient: null);
        await using (stream)
        {
            var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
            var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: mail.lab.example\r\nConnection: close\r\n");
            if (basicAuth is not null && basicAuth.StartsWith("Bearer ", StringComparison.Ordinal)) head.Append("Authorization: ").Append(basicAuth).Append("\r\n");
            else if (basicAuth is not null) head.Append("Authorization: Basic ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(basicAuth))).Append("\r\n");
            if (body is not null) head.Append("Content-Type: ").Append(contentType).Append("\r\nContent-Length: ").Append(bytes.Length).Append("\r\n");
            head.Append("\r\n");
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cts.Token);
                await stream.WriteAsync(bytes, cts.Token);
                using var ms = new MemoryStream();
                await stream.CopyToAsync(ms, cts.Token);
                return ms.Length == 0 ? null : HttpReply.Parse(Encoding.UTF8.GetString(ms.ToArray()));
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}

internal sealed record HttpReply(int Status, Dictionary<string, string> Headers, string Body)
{
    public static HttpReply Parse(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = raw[..split].Split("\r\n");
        // a repeated header (Stalwart's two WWW-Authenticate realms) is one value, joined with ", " as HTTP allows
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(p => p[1].Trim())), StringComparer.OrdinalIgnoreCase);
        return new HttpReply(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, raw[(split + 4)..]);
    }
}
