using DnsClient;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// DANE for inbound SMTP: for each MX host, the TLSA records at _25._tcp.host against the
/// certificate Stalwart serves on :25 as the certificate sweep saw it (no connection of its own),
/// the DNSSEC status of each answer (the AD bit, and whether signatures came at all), and the
/// classic way to break delivery: a renewal about to rotate the key that the only matching
/// DANE-EE record pins. Stalwart orders every certificate with a fresh key (0.15.5
/// crates/common/src/listener/acme/order.rs: rcgen generates one per order; 0.16.18
/// crates/common/src/network/acme/order.rs: unless the provider's reuseKey is set, default off).
/// </summary>
internal sealed class DaneCheck(IPostmasterDns dns, TimeProvider time)
{
    /// <summary>Warn this long before the renewal falls due.</summary>
    public static readonly TimeSpan RenewalWarning = TimeSpan.FromDays(7);

    /// <param name="observations">What the sweep saw (its :25 observations are used; the edge path first, as the world sees it).</param>
    /// <param name="sweepProblem">Why there are no observations (e.g. the sweep was skipped: budget), if so.</param>
    public async Task<IReadOnlyList<Finding>> RunAsync(string domain, IReadOnlyList<CertObservation> observations, string? sweepProblem, CancellationToken ct = default)
    {
        var findings = new List<Finding>();
        DnsAnswer mx = await dns.QueryAsync(domain, QueryType.MX, ct).ConfigureAwait(false);
        foreach (string host in mx.Data.Distinct(StringComparer.OrdinalIgnoreCase).Take(10))
        {
            string owner = "_25._tcp." + host;
            DnsAnswer tlsa = await dns.QueryAsync(owner, QueryType.TLSA, ct).ConfigureAwait(false);
            string dnssec = tlsa.Authenticated ? "AD bit set (validated)" : tlsa.Signed ? "signed (RRSIG present), AD bit not set: dns.resolver does not validate" : "unsigned (no RRSIG, no AD bit)";
            if (tlsa.IsTemporaryError)
            {
                findings.Add(new("postmaster.dane-lookup-failed", Severity.Warning, $"The TLSA lookup for {host} failed", tlsa.Describe(), null,
                    "A DANE sender that cannot read TLSA defers delivery (RFC 7672 §2.2); check the zone's name servers and dns.resolver."));
                continue;
            }
            var records = tlsa.Data.Select(TlsaRecord.Parse).OfType<TlsaRecord>().ToList();
            if (records.Count == 0)
            {
                findings.Add(new("postmaster.dane-none", Severity.Info, $"No TLSA records for {host}:25 (DANE not in use)", $"{tlsa.Describe()}; {dnssec}", null,
                    "Optional: in a DNSSEC-signed zone, publish _25._tcp." + host + " TLSA 2 1 1 <issuer key hash> (survives key rotation) to have DANE senders require TLS."));
                continue;
            }
            if (!tlsa.Authenticated && !tlsa.Signed)
                findings.Add(new("postmaster.dane-unsigned", Severity.Warning, $"TLSA records for {host} are in an unsigned zone: senders ignore them", $"{string.Join("; ", records)}; {dnssec}", null,
                    "DANE needs DNSSEC (RFC 7672 §2.2): sign the zone and publish its DS at the registrar, or remove the TLSA records."));
            else if (!tlsa.Authenticated)
                findings.Add(new("postmaster.dane-unvalidated", Severity.Info, $"TLSA records for {host} are signed, but the resolver did not validate them", $"{dnssec}", null,
                    "Set dns.resolver to a validating resolver to have tailwart confirm the chain of trust (the AD bit) as senders will."));

            CertObservation? seen = observations.Where(o => o.Port == 25 && string.Equals(o.Hostname, host, StringComparison.OrdinalIgnoreCase) && o.Certificate is { Presented.Count: > 0 })
                .OrderBy(o => o.Path == "edge" ? 0 : 1).FirstOrDefault();
            if (seen is null)
            {
                findings.Add(new("postmaster.dane-unverified", Severity.Info, $"TLSA records for {host} could not be compared with the served certificate", sweepProblem ?? $"the certificate sweep saw no certificate for {host} on :25 (it covers mail.hostnames)", null,
                    "Run tailwart certs after the probe budget allows, then the doctor again."));
                continue;
            }
            var presented = seen.Certificate!.Presented;
            var matching = records.Where(r => r.Matches(presented)).ToList();
            string evidence = $"{owner} TLSA {string.Join("; ", records)}; served leaf SPKI SHA-256 {TlsaRecord.Associate(presented[0], 1, 1)} ({seen.Path}); {dnssec}";
            if (matching.Count == 0)
            {
                findings.Add(new("postmaster.dane-mismatch", Severity.Failure, $"No TLSA record for {host} matches the certificate Stalwart serves on :25", evidence, null,
                    $"DANE senders refuse to deliver. Publish _25._tcp.{host} TLSA 3 1 1 {TlsaRecord.Associate(presented[0], 1, 1)} (the served key) and drop the stale records after their TTL."));
                continue;
            }
            findings.Add(new("postmaster.dane-match", Severity.Ok, $"TLSA for {host} matches the served certificate ({string.Join(", ", matching)})", evidence, null, "Nothing to do."));
            DateTimeOffset due = RenewalDue(seen.Certificate);
            if (matching.All(r => r.IsDaneEe) && time.GetUtcNow() >= due - RenewalWarning)
                findings.Add(new("postmaster.dane-rotation-risk", Severity.Warning, $"The renewal of {host}'s certificate (due {due:yyyy-MM-dd}) will change its key, and only the current key is published in TLSA", evidence, null,
                    $"Stalwart orders a new key with each certificate. Before the renewal publish a TLSA 2 1 1 for the issuing CA's key (or the next key's 3 1 1) next to the current one; remove the old record only after the new certificate is served and the TTL has passed."));
        }
        return findings;
    }

    /// <summary>The earlier of Stalwart's two rules: 0.15 renews 30 days before expiry (acme.*.renew-before, crates/common/src/config/server/tls.rs); 0.16 at half the lifetime (renewBefore R12, crates/common/src/network/acme/renew.rs).</summary>
    public static DateTimeOffset RenewalDue(Tls.ServedCertificate c)
    {
        DateTimeOffset v015 = c.NotAfter - TimeSpan.FromDays(30);
        DateTimeOffset v016 = c.NotBefore + (c.NotAfter - c.NotBefore) / 2;
        return v015 < v016 ? v015 : v016;
    }
}
