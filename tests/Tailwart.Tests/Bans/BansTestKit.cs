using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Bans;
using Tailwart.Core.Dns;
using Tailwart.Core.Net;
using Tailwart.Core.Secrets;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Bans;

/// <summary>Builds clients and services against a <see cref="FakeStalwartServer"/>.</summary>
internal static class BansTestKit
{
    public static readonly IPAddress Wan = IPAddress.Parse("198.51.100.20");

    public static IConnector Direct(string name = "edge") => new DirectConnector(new HostResolver(null, TimeSpan.FromSeconds(1)), name);

    public static StalwartCredential Credential(string value = FakeStalwartServer.Password) =>
        new("admin", new Secret(value), "$.stalwart.adminPassword", SecretReference.Parse("env:STALWART_ADMIN_PASSWORD"));

    public static StalwartClient Client(FakeStalwartServer server, string generation = "auto", StalwartClientOptions? options = null, string? password = null) =>
        new([new StalwartAccessPath(StalwartAccessPath.AdminUrlName, server.BaseUri, Direct())], Credential(password ?? FakeStalwartServer.Password), generation,
            options ?? new StalwartClientOptions { Timeout = TimeSpan.FromSeconds(2) });

    public static BoxAddresses Box(params IPAddress[] edge) => new(Wan, Cidr.Tailnet, edge);

    public static AuditLog Audit(string dir) => new(Path.Combine(dir, AuditLog.FileName), new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
}
