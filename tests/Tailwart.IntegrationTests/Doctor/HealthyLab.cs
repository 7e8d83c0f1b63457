using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Npgsql;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Doctor;

/// <summary>
/// The lab as a finished deployment looks: the stack up through compose, a certificate for every
/// mail hostname persisted in Stalwart's store (issued by a lab CA that the doctor runs trust, as a
/// public CA would be), and the allow-list holding the tailnet and the box's WAN IP (lesson 3), set
/// by `tailwart bans allow-fix`, and a DKIM key whose selector is published in the lab's zone. <see cref="UndoAsync"/> removes the certificate and allow-list rows
/// again, so the other lab tests keep the lab as `up` makes it (the fallback certificate, no allow-list).
/// </summary>
internal sealed class HealthyLab(LabEnvironment lab)
{
    private const string CertificateId = "doctor-lab";
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-healthy-lab-").FullName;

    /// <summary>PEM file of the lab CA: the doctor runs' only trust anchor.</summary>
    public string TrustAnchors => Path.Combine(_dir, "lab-ca.pem");

    public async Task ArrangeAsync()
    {
        await lab.FaultAsync("api-0.15", on: true);
        (await lab.ComposeAsync(["up", "-d"], timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("compose up -d");
        using var http = AdminClient();
        await LabEnvironment.WaitUntilAsync("Stalwart's admin API to answer", async ct =>
        {
            try
            {
                return (await http.GetAsync(new Uri("/healthz/live", UriKind.Relative), ct)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // still starting: the published port resets until the stand-in listens
            }
        }, TimeSpan.FromSeconds(30));

        // a certificate imported through the admin API (what the admin UI does), then loaded by a reload
        var (certPem, keyPem) = IssueFromLabCa();
        string import = JsonSerializer.Serialize(new object[]
        {
            new { type = "insert", prefix = "certificate." + CertificateId, values = new[] { new[] { "cert", certPem }, new[] { "private-key", keyPem } }, assert_empty = false },
        });
        using (var content = new StringContent(import, Encoding.UTF8, "application/json"))
            (await http.PostAsync(new Uri("/api/settings", UriKind.Relative), content)).EnsureSuccessStatusCode();
        // a DKIM key Stalwart signs with (0.15 signature.<id>.*) and its selector published, as a finished deployment has
        using (var dkim = RSA.Create(2048))
        {
            string key = JsonSerializer.Serialize(new object[]
            {
                new { type = "insert", prefix = "signature." + CertificateId, values = new[] { new[] { "algorithm", "rsa-sha256" }, new[] { "domain", lab.Config.MailDomain }, new[] { "selector", DkimSelector }, new[] { "private-key", dkim.ExportRSAPrivateKeyPem() } }, assert_empty = false },
            });
            using (var content = new StringContent(key, Encoding.UTF8, "application/json"))
                (await http.PostAsync(new Uri("/api/settings", UriKind.Relative), content)).EnsureSuccessStatusCode();
            await PublishDkimAsync("v=DKIM1; k=rsa; p=" + Convert.ToBase64String(dkim.ExportSubjectPublicKeyInfo()));
        }
        await TailwartAsync("certs", "reload", "--yes");
        await TailwartAsync("bans", "allow-fix", "--yes");
        await LabEnvironment.WaitUntilAsync("the sidecar to be healthy", async ct =>
            await lab.InspectAsync(lab.Config.SidecarService, "{{.State.Health.Status}}", ct) == "healthy", TimeSpan.FromSeconds(30));
    }

    public async Task UndoAsync()
    {
        await using (var conn = new NpgsqlConnection(lab.PostgresConnectionString()))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("DELETE FROM certificates WHERE id = @id; DELETE FROM settings WHERE key LIKE 'server.allowed-ip.%' OR key LIKE 'certificate.' || @id || '.%' OR key LIKE 'signature.' || @id || '.%'", conn);
            cmd.Parameters.AddWithValue("id", CertificateId);
            await cmd.ExecuteNonQueryAsync();
        }
        await PublishDkimAsync();
        Directory.Delete(_dir, recursive: true);
        await lab.ResetStackAsync();
    }

    private const string DkimSelector = "doctorlab";

    /// <summary>Replaces the selector's TXT in the lab's signed zone; none removes it.</summary>
    private Task PublishDkimAsync(params string[] values) =>
        LabDnsUpdate.ReplaceAsync(lab, lab.Config.MailDomain, $"{DkimSelector}._domainkey.{lab.Config.MailDomain}.", "TXT", values.Select(LabDnsUpdate.Txt));

    private HttpClient AdminClient()
    {
        var http = new HttpClient { BaseAddress = lab.Config.StalwartAdminUrl, Timeout = TimeSpan.FromSeconds(5) };
        string credentials = $"{lab.Config.StalwartAdminUser}:{lab.Config.ResolveSecret(lab.Config.StalwartAdminPasswordReference)}";
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }

    /// <summary>A lab CA (written to <see cref="TrustAnchors"/>) and a leaf for the domain and its wildcard, 80 days left (outside the renewal window).</summary>
    private (string CertPem, string KeyPem) IssueFromLabCa()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=tailwart lab CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
        File.WriteAllText(TrustAnchors, ca.ExportCertificatePem());

        string domain = lab.Config.MailDomain;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + domain, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(domain);
        names.AddDnsName("*." + domain);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(80), RandomNumberGenerator.GetBytes(16));
        return (leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private async Task TailwartAsync(params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await CliWrap.Cli.Wrap(Path.Combine(AppContext.BaseDirectory, "tailwart"))
            .WithArguments(["--config", lab.ConfigPath, .. args])
            .WithEnvironmentVariables(e => e.Set("HOME", _dir).Set("XDG_STATE_HOME", _dir).Set("SSL_CERT_FILE", TrustAnchors).Set("SSL_CERT_DIR", _dir))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token);
        Assert.True(result.ExitCode == 0, $"tailwart {string.Join(' ', args)} exited {result.ExitCode}: {result.StandardOutput}{result.StandardError}");
    }
}
