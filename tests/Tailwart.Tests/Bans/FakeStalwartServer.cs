using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Tailwart.Tests.Bans;

/// <summary>
/// A tiny 0.15-style management API on a loopback port for unit tests: settings list (paged),
/// insert/delete, reloads, oauth. <see cref="Raw"/> replaces every answer with raw bytes (huge or
/// malformed bodies); <see cref="CloseAtAccept"/> emulates a banned client; <see cref="Hang"/> never answers.
/// </summary>
public sealed class FakeStalwartServer : IAsyncDisposable
{
    public const string Password = "fake-admin-pw-81c2";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeStalwartServer()
    {
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public SortedSet<string> Blocked { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Allowed { get; } = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = [];

    public byte[]? Raw { get; set; }

    public bool CloseAtAccept { get; set; }

    public bool Hang { get; set; }

    /// <summary>
    /// This box is a trusted proxy peer (CONTRACT.md B3): a connection must open with a PROXY v2 LOCAL header,
    /// and one without it is closed at once, as Stalwart drops it (network.proxy-error).
    /// </summary>
    public bool RequireProxyHeader { get; set; }

    /// <summary>Connections dropped for lacking the PROXY header, and connections that carried it.</summary>
    public int ProxyDrops => _proxyDrops;

    public int ProxyHeaders => _proxyHeaders;

    private int _proxyDrops;
    private int _proxyHeaders;

    /// <summary>
    /// Answers an authenticated request before the built-in 0.15 routes when it returns non-null: (method, path+query, body) →
    /// (status, JSON). Tests script real answer shapes with it (the corpus under Stalwart/Corpus).
    /// </summary>
    public Func<string, string, string, (int Status, string Json)?>? Script { get; set; }

    /// <summary>Every request body, in order (what the client asked for, e.g. calculateTotal).</summary>
    public List<string> Bodies { get; } = [];

    /// <summary>Set to make deletes "succeed" without removing anything (a delete that does not take).</summary>
    public bool IgnoreDeletes { get; set; }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                if (CloseAtAccept)
                    return;
                NetworkStream stream = client.GetStream();
                if (RequireProxyHeader)
                {
                    var header = new byte[Tailwart.Core.Net.ProxyLocalConnector.Header.Length];
                    await stream.ReadExactlyAsync(header);
                    if (!header.AsSpan().SequenceEqual(Tailwart.Core.Net.ProxyLocalConnector.Header))
                    {
                        Interlocked.Increment(ref _proxyDrops);
                        return;
                    }
                    Interlocked.Increment(ref _proxyHeaders);
                }
                var (method, path, headers, body) = await ReadRequestAsync(stream);
                lock (Requests)
                {
                    Requests.Add($"{method} {path}");
                    Bodies.Add(body);
                }
                if (Hang)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                if (Raw is not null)
                {
                    await stream.WriteAsync(Raw);
                    return;
                }
                var (status, json) = Handle(method, path, headers.GetValueOrDefault("authorization"), body);
                byte[] bytes = Encoding.UTF8.GetBytes(json);
                string head = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(bytes);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    private (int, string) Handle(string method, string path, string? auth, string body)
    {
        if (method == "GET" && path == "/healthz/live")
            return (200, "{}"); // unauthenticated in Stalwart too
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password));
        if (auth != expected)
            return (401, "{\"type\":\"about:blank\",\"status\":401}");
        if (Script?.Invoke(method, path, body) is (int scriptedStatus, string scriptedJson))
            return (scriptedStatus, scriptedJson);
        var uri = new Uri("http://x" + path);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        lock (Blocked)
        {
            switch (method, uri.AbsolutePath)
            {
                case ("GET", "/api/settings/list"):
                    SortedSet<string> set = query["prefix"] == "server.allowed-ip" ? Allowed : Blocked;
                    int page = int.Parse(query["page"] ?? "1"), limit = int.Parse(query["limit"] ?? "0");
                    var slice = limit == 0 ? set.ToList() : set.Skip((page - 1) * limit).Take(limit).ToList();
                    var items = new JsonObject();
                    foreach (string a in slice)
                        items[a] = "";
                    return (200, new JsonObject { ["data"] = new JsonObject { ["total"] = set.Count, ["items"] = items } }.ToJsonString());
                case ("POST", "/api/settings"):
                    foreach (JsonObject op in JsonNode.Parse(body)!.AsArray().OfType<JsonObject>())
                    {
                        if ((string?)op["type"] == "delete" && !IgnoreDeletes)
                        {
                            foreach (string key in op["keys"]!.AsArray().Select(k => (string)k!))
                                Blocked.Remove(key["server.blocked-ip.".Length..]);
                        }
                        if ((string?)op["type"] == "insert")
                        {
                            foreach (JsonArray kv in op["values"]!.AsArray().OfType<JsonArray>())
                                Allowed.Add(((string)kv[0]!)["server.allowed-ip.".Length..]);
                        }
                    }
                    return (200, "{\"data\":null}");
                case ("GET", "/api/reload" or "/api/reload/server.blocked-ip"):
                    return (200, "{\"data\":null}");
                case ("POST", "/api/oauth"):
                    return (200, "{\"data\":{\"code\":\"c\",\"version\":\"0.15.5\",\"isEnterprise\":false}}");
                default:
                    return (404, "{}");
            }
        }
    }

    private static async Task<(string, string, Dictionary<string, string>, string)> ReadRequestAsync(NetworkStream stream)
    {
        var reader = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true);
        string requestLine = await reader.ReadLineAsync() ?? "";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        string body = "";
        if (headers.TryGetValue("content-length", out string? length) && int.Parse(length) > 0)
        {
            char[] buffer = new char[int.Parse(length)];
            int read = 0;
            while (read < buffer.Length)
            {
                int n = await reader.ReadAsync(buffer.AsMemory(read));
                if (n == 0)
                    break;
                read += n;
            }
            body = new string(buffer, 0, read);
        }
        string[] parts = requestLine.Split(' ');
        return (parts[0], parts.Length > 1 ? parts[1] : "/", headers, body);
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
