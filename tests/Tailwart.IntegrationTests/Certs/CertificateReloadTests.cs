using System.Net;
using System.Text.Json;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.Bans;
using Tailwart.IntegrationTests.Standins;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>
/// The certificate reload action through tailwart's Stalwart client, in both API generations:
/// an imported certificate is served only after the reload, which tailwart can now ask for.
/// </summary>
public sealed class CertificateReloadTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.9");

    [Fact]
    public async Task An_imported_certificate_is_served_after_tailwart_asks_for_the_reload_on_0_15()
    {
        // given a certificate stored through the 0.15 settings API, not yet loaded: the fallback is served
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.15" });
        var (certPem, keyPem) = TestCertificates.Create("mail.lab.example", "*.lab.example");
        using var client = StandinBans.Client(standin.Ports);
        await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/api/settings", "admin:" + StandinOptions.AdminPassword,
            JsonSerializer.Serialize(new object[] { new { type = "insert", prefix = "certificate.lab", values = new[] { new[] { "cert", certPem }, new[] { "private-key", keyPem } }, assert_empty = false } }));
        using (var before = await WireClient.ServedCertificateAsync(standin.Ports.Https, "mail.lab.example", Client))
            Assert.Equal("CN=rcgen self signed cert", before.Subject);

        // when
        string path = await client.ReloadCertificatesAsync();

        // then
        Assert.Equal(StalwartAccessPath.AdminUrlName, path);
        using var after = await WireClient.ServedCertificateAsync(standin.Ports.Https, "mail.lab.example", Client);
        Assert.Equal("CN=mail.lab.example", after.Subject);
    }

    [Fact]
    public async Task The_reload_is_accepted_as_a_jmap_action_on_0_16()
    {
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.16" });
        using var client = StandinBans.Client(standin.Ports);

        string path = await client.ReloadCertificatesAsync();

        Assert.Equal(StalwartAccessPath.AdminUrlName, path);
    }
}
