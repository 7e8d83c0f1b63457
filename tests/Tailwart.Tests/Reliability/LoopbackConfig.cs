using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>The shipped config with every endpoint on loopback: nothing a reliability test runs can leave this machine.</summary>
public static class LoopbackConfig
{
    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static string Text(int? stalwartPort = null, int? spaceshipPort = null, int? certspotterPort = null, int? dnsPort = null, Action<JsonObject>? edit = null) =>
        Configs.Valid(root =>
        {
            root["postgres"]!["host"] = "127.0.0.1";
            root["postgres"]!["port"] = ClosedPort();
            root["edge"]!["publicHostname"] = "127.0.0.1";
            root["stalwart"]!["adminUrl"] = $"http://127.0.0.1:{stalwartPort ?? ClosedPort()}";
            root["spaceship"]!["baseUrl"] = $"http://127.0.0.1:{spaceshipPort ?? ClosedPort()}/api/v1";
            root["certspotter"]!["baseUrl"] = $"http://127.0.0.1:{certspotterPort ?? ClosedPort()}/v1";
            root["dns"]!["resolver"] = $"127.0.0.1:{dnsPort ?? ClosedPort()}";
            root["compose"]!["projectDirectory"] = Path.GetTempPath();
            edit?.Invoke(root);
        });
}
