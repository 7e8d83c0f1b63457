using System.Net;
using Tailwart.Core.Bans;
using Tailwart.Core.Dns;
using Tailwart.Core.Net;
using Tailwart.Core.Secrets;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.Standins;

namespace Tailwart.IntegrationTests.Bans;

/// <summary>Clients and services pointed at a stand-in process, as the verb composes them.</summary>
internal static class StandinBans
{
    public static IConnector Direct(string name = "edge") => new DirectConnector(new HostResolver(null, TimeSpan.FromSeconds(1)), name);

    public static StalwartCredential Credential(string password = StandinOptions.AdminPassword) =>
        new("admin", new Secret(password), "$.stalwart.adminPassword", SecretReference.Parse("file:.state/secrets/admin-password"));

    /// <summary>The admin URL at <paramref name="host"/>; with <paramref name="withLoopback"/>, a second "netns-loopback" path to 127.0.0.1 (what the netns connector reaches inside the sidecar).</summary>
    public static StalwartClient Client(StandinPorts ports, IPAddress? host = null, bool withLoopback = false, string password = StandinOptions.AdminPassword, TimeSpan? timeout = null)
    {
        var paths = new List<StalwartAccessPath> { new(StalwartAccessPath.AdminUrlName, new Uri($"http://{host ?? IPAddress.Loopback}:{ports.Http}/"), Direct()) };
        if (withLoopback)
            paths.Add(new StalwartAccessPath(StalwartAccessPath.NetnsLoopbackName, new Uri($"http://127.0.0.1:{ports.Http}/"), Direct("netns")));
        return new StalwartClient(paths, Credential(password), "auto", new StalwartClientOptions { Timeout = timeout ?? TimeSpan.FromSeconds(5), PageSize = 2 });
    }

    public static BanService Service(StalwartClient client, IPAddress wan, string auditDir, params IPAddress[] edge) =>
        new(client, new BoxAddresses(wan, Cidr.Tailnet, edge), new AuditLog(Path.Combine(auditDir, AuditLog.FileName), TimeProvider.System));
}
