using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Probes;
using Tailwart.Core.Tls;

namespace Tailwart.Tests.Presenting;

/// <summary>Records as Core returns them, for the presenters and the panes.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    public static readonly string[] Hosts = ["autoconfig.example.test", "autodiscover.example.test", "example.test", "imap.example.test", "mail.example.test", "smtp.example.test"];

    public static readonly int[] Ports = [25, 143, 443, 465, 587, 993];

    /// <summary>Stalwart's rcgen fallback, as it serves it when it has no certificate for the name (lesson 1).</summary>
    public static ServedCertificate Fallback() => new("CN=rcgen self signed cert", "CN=rcgen self signed cert", ["localhost"], Now.AddDays(-1), Now.AddYears(1), "ECDSA P-256", new string('f', 64), [], "UntrustedRoot");

    public static ServedCertificate Issued(string fingerprint, int daysLeft = 60) =>
        new("CN=mail.example.test", "CN=R11, O=Let's Encrypt", ["*.example.test", "example.test"], Now.AddDays(-30), Now.AddDays(daysLeft), "ECDSA P-256", fingerprint.PadRight(64, '0'), [], null);

    /// <summary>Every hostname on every port over both paths serving <paramref name="serve"/>.</summary>
    public static CertsOutcome Sweep(Func<string, string, int, ServedCertificate?> serve, IReadOnlyList<Finding>? findings = null) =>
        new([.. from path in new[] { "edge", "netns" } from host in Hosts from port in Ports
                select new CertObservation(path, host, port, ProbeProtocol.Https, serve(path, host, port), serve(path, host, port) is null ? "connection refused" : null)],
            findings ?? [], null, null, SweepRefused: false);

    public static Finding LongFinding(Severity severity = Severity.Failure) => new(
        "certs.fallback-served", severity, "Stalwart serves its self-signed fallback", "mail.example.test:465 (edge) served CN=rcgen self signed cert; so did all 36 endpoints of the edge path and all 36 inside the sidecar, on every port tailwart looks at",
        1, "Give Stalwart a certificate for every hostname: set the ACME provider's additional hostnames to the mail names (not a wildcard with HTTP-01, lesson 4), wait for the order to finish, then run `tailwart certs reload` and F5 here; the cells turn from FB to ok when it serves the issued certificate. Last word of the fix: zebra.");
}
