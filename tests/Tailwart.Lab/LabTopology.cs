using System.Net;
using System.Text.Json;

namespace Tailwart.Lab;

/// <summary>
/// Addresses the lab really uses, as written by <c>tests/lab/up</c> into <c>.state/lab.json</c>
/// (values that are not part of tailwart's config: networks, gateways, the edge's WAN address).
/// </summary>
public sealed record LabTopology(
    string ComposeCommand,
    string ComposeProject,
    string TailnetNetwork,
    string TailnetSubnet,
    IPAddress TailnetGateway,
    string WanNetwork,
    IPAddress WanGateway,
    IPAddress EdgeWanIp,
    IPEndPoint DnsHost,
    IPEndPoint PostgresHost,
    Uri AdminApi,
    string StandinDirectory,
    bool StandinIsPlaceholder)
{
    /// <summary>Reads <c>.state/lab.json</c>.</summary>
    public static LabTopology Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var r = doc.RootElement;
        string S(string name) => r.GetProperty(name).GetString()
            ?? throw new InvalidDataException($"{path}: {name} is null");
        return new LabTopology(
            S("composeCommand"),
            S("composeProject"),
            S("tailnetNetwork"),
            S("tailnetSubnet"),
            IPAddress.Parse(S("tailnetGateway")),
            S("wanNetwork"),
            IPAddress.Parse(S("wanGateway")),
            IPAddress.Parse(S("edgeWanIp")),
            IPEndPoint.Parse(S("dnsHost")),
            IPEndPoint.Parse(S("postgresHost")),
            new Uri(S("adminApi")),
            S("standinDirectory"),
            r.GetProperty("standinIsPlaceholder").GetBoolean());
    }
}
