using Tailwart.Core.Checks;
using Tailwart.Core.Tls;

namespace Tailwart.Core.Certs;

/// <summary>
/// Judges certificate observations port by port (never globally): Stalwart's self-signed
/// fallback, names not covered, a different certificate on different ports, expiry inside the
/// renewal window, an untrusted chain, and on :443 an edge that terminates TLS itself instead of
/// passing Stalwart's certificate through (lesson 5).
/// </summary>
public static class CertJudge
{
    /// <summary>The window for a certificate whose lifetime cannot be read (NotBefore not before NotAfter).</summary>
    public static readonly TimeSpan RenewalWindow = TimeSpan.FromDays(30);

    /// <summary>
    /// Warn when a third of the certificate's own lifetime is left: what ACME clients aim for
    /// (Let's Encrypt's renewal guidance; a 90-day certificate is renewed with 30 left), and it stays
    /// right as lifetimes shrink (45-day and 6-day certificates), where a fixed 30 days would warn
    /// on every fresh certificate.
    /// </summary>
    public static TimeSpan RenewalWindowFor(ServedCertificate certificate)
    {
        TimeSpan lifetime = certificate.NotAfter - certificate.NotBefore;
        return lifetime > TimeSpan.Zero ? lifetime / 3 : RenewalWindow;
    }

    public static IReadOnlyList<Finding> Judge(IReadOnlyList<CertObservation> observations, DateTimeOffset now)
    {
        // Each problem is judged per hostname and port, then reported once per port and path,
        // naming the hostnames it hits: per port, never globally, and never 24 times over.
        var issues = new List<(CertObservation At, string Id, Severity Severity, string What, string Seen, int? Lesson, string Fix)>();
        foreach (CertObservation o in observations)
        {
            if (o.Certificate is not ServedCertificate c)
                continue; // Reported once per port below.
            string seen = $"{c.Subject}, issuer {c.Issuer}, sha256 {c.Sha256Fingerprint[..16]}…, expires {c.NotAfter:yyyy-MM-dd}";
            if (c.IsStalwartFallback)
            {
                issues.Add((o, "certs.self-signed-fallback", Severity.Failure, "Stalwart's self-signed fallback", seen, 1,
                    "An issued or imported certificate was never persisted (lost to the Postgres race) or ACME never finished. Bring Stalwart up through the gate (tailwart up), then re-import or re-run the order once."));
                continue;
            }
            if (!HostnameMatcher.Covers(c.SubjectAlternativeNames, o.Hostname))
                issues.Add((o, "certs.name-not-covered", Severity.Failure, "Names not covered by the certificate", seen + $"; names: {string.Join(", ", c.SubjectAlternativeNames)}", 4,
                    "Request a certificate that covers every hostname (a wildcard needs DNS-01, lesson 4)."));
            if (c.NotAfter < now)
                issues.Add((o, "certs.expired", Severity.Failure, "Expired certificate", seen, null, "Renew it; check the ACME logs and the Let's Encrypt budget first."));
            else if (c.NotAfter - now < RenewalWindowFor(c))
                issues.Add((o, "certs.expiring", Severity.Warning, $"Certificate expiring in {c.DaysLeft(now)} days (less than a third of its {(c.NotAfter - c.NotBefore).TotalDays:0}-day lifetime left)", seen, null, "Renewal should already have happened: check Stalwart's ACME events (tailwart logs --explain)."));
            // A name mismatch is judged above against the configured names; here only the chain counts.
            if (c.MissingIntermediate)
                issues.Add((o, "certs.incomplete-chain", Severity.Failure, "Certificate served without its intermediate", seen + $"; the issuer is published at {c.IssuerUrl}, which tailwart does not fetch, and neither do mail clients", null,
                    "Import the full chain into Stalwart (fullchain.pem: the certificate, then its intermediate), not the certificate alone."));
            else if (c.ChainProblem?.Contains("untrusted chain", StringComparison.Ordinal) == true)
                issues.Add((o, "certs.untrusted-chain", Severity.Warning, "Untrusted chain", seen + "; " + c.ChainProblem, null, "Serve the full chain from a public CA."));
        }
        var findings = issues.GroupBy(i => (i.Id, i.At.Path, i.At.Port, i.What)).Select(g =>
        {
            var first = g.First();
            string hosts = string.Join(", ", g.Select(i => i.At.Hostname).Distinct(StringComparer.OrdinalIgnoreCase));
            return new Finding(first.Id, first.Severity, $"{first.What} on port {g.Key.Port} ({g.Key.Path}): {hosts}", first.Seen, first.Lesson, first.Fix);
        }).ToList();
        findings.AddRange(NoTls(observations));
        findings.AddRange(DifferentCertificatesPerPort(observations));
        findings.AddRange(EdgeTerminatesTls(observations));
        return findings;
    }

    /// <summary>A port that served nothing fails for every name at once: one finding per port, naming them.</summary>
    private static IEnumerable<Finding> NoTls(IReadOnlyList<CertObservation> observations) =>
        observations.Where(o => o.Certificate is null).GroupBy(o => (o.Path, o.Port)).Select(g =>
            new Finding("certs.no-tls", Severity.Failure, $"No certificate seen on port {g.Key.Port} ({g.Key.Path})",
                string.Join("; ", g.GroupBy(o => o.Problem).Select(p => $"{string.Join(", ", p.Select(o => o.Hostname))}: {p.Key ?? "no TLS"}")), null,
                "Check the listener and the route (tailwart probe); a port that accepts and closes at once may be a ban (lesson 3)."));

    private static IEnumerable<Finding> DifferentCertificatesPerPort(IReadOnlyList<CertObservation> observations)
    {
        foreach (var group in observations.Where(o => o.Certificate is not null).GroupBy(o => (o.Path, o.Hostname)))
        {
            var distinct = group.GroupBy(o => o.Certificate!.Sha256Fingerprint).ToList();
            if (distinct.Count > 1)
            {
                string evidence = string.Join("; ", distinct.Select(d => $"ports {string.Join(",", d.Select(o => o.Port))}: {d.First().Certificate!.Subject} ({d.Key[..16]}…)"));
                yield return new("certs.different-per-port", Severity.Warning, $"{group.Key.Hostname} gets different certificates on different ports ({group.Key.Path})", evidence, 1,
                    "One certificate should serve every port; a fallback on some ports usually means a certificate that was not persisted everywhere.");
            }
        }
    }

    private static IEnumerable<Finding> EdgeTerminatesTls(IReadOnlyList<CertObservation> observations)
    {
        var direct = observations.Where(o => o.Path == "netns" && o.Port == 443 && o.Certificate is not null).ToDictionary(o => o.Hostname, o => o.Certificate!);
        foreach (CertObservation edge in observations.Where(o => o.Path == "edge" && o.Port == 443 && o.Certificate is not null))
        {
            if (direct.TryGetValue(edge.Hostname, out ServedCertificate? stalwart) && stalwart.Sha256Fingerprint != edge.Certificate!.Sha256Fingerprint)
            {
                yield return new("certs.edge-not-passthrough", Severity.Failure, $"The edge presents its own certificate for {edge.Hostname}:443",
                    $"edge {edge.Certificate.Subject} ({edge.Certificate.Sha256Fingerprint[..16]}…) vs Stalwart {stalwart.Subject} ({stalwart.Sha256Fingerprint[..16]}…)", 5,
                    "Pass TLS through by SNI on :443 (layer 4); CAA pins issuance to Stalwart's ACME account, so the edge cannot hold its own certificate.");
            }
        }
    }
}
