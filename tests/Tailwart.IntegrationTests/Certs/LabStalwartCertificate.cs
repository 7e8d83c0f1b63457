using System.Net;
using System.Text.Json;
using Tailwart.IntegrationTests.Standins;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>
/// A certificate from a test CA in the lab's Stalwart (0.15 REST): what a CA-issued wildcard
/// looks like there (*.domain + apex), stored under its own settings prefix and reloaded, and
/// taken out again. Shared by the lab's certificate tests.
/// </summary>
internal static class LabStalwartCertificate
{
    /// <summary>Issues *.domain + domain from <paramref name="ca"/>, stores it under certificate.<paramref name="id"/> and reloads.</summary>
    public static Task ImportAsync(LabEnvironment lab, LabCertificateAuthority ca, string id) =>
        ImportAsync(lab, ca.Issue("*." + lab.Config.MailDomain, lab.Config.MailDomain), id);

    /// <summary>Stores a PEM pair (the certificate PEM may carry its chain) under certificate.<paramref name="id"/> and reloads.</summary>
    public static async Task ImportAsync(LabEnvironment lab, (string CertPem, string KeyPem) pair, string id)
    {
        var (cert, key) = pair;
        var insert = await AdminAsync(lab, "POST", "/api/settings", JsonSerializer.Serialize(new object[]
            { new { type = "insert", prefix = $"certificate.{id}", values = new[] { new[] { "cert", cert }, new[] { "private-key", key } }, assert_empty = false } }));
        Assert.Equal(200, insert?.Status);
        Assert.Equal(200, (await AdminAsync(lab, "GET", "/api/reload/certificate"))?.Status);
    }

    /// <summary>Removes certificate.<paramref name="id"/> (best effort: clean-up) and reloads.</summary>
    public static async Task RemoveAsync(LabEnvironment lab, string id)
    {
        await AdminAsync(lab, "POST", "/api/settings", $$"""[{"type":"clear","prefix":"certificate.{{id}}"}]""");
        await AdminAsync(lab, "GET", "/api/reload/certificate");
    }

    public static Task<HttpReply?> AdminAsync(LabEnvironment lab, string method, string path, string? body = null) =>
        WireClient.HttpAsync(IPAddress.Loopback, lab.Config.StalwartAdminUrl.Port, method, path,
            "admin:" + File.ReadAllText(Path.Combine(lab.StateDirectory, "secrets", "admin-password")).Trim(), body);
}
