using Tailwart.Core.Probes;
using Tailwart.Core.Tls;

namespace Tailwart.Core.Certs;

/// <summary>What one hostname (SNI) on one port served over one path, or why nothing was seen.</summary>
public sealed record CertObservation(string Path, string Hostname, int Port, ProbeProtocol Protocol, ServedCertificate? Certificate, string? Problem)
{
    /// <summary>The greeting the port sent (SMTP 220 …, IMAP * OK …), when it sent one: the name Stalwart announces, for the reverse-DNS check.</summary>
    public string? Banner { get; init; }
}
