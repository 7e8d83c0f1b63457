using Tailwart.Core.Probes;
using Tailwart.Core.Tls;

namespace Tailwart.Core.Certs;

/// <summary>What one hostname (SNI) on one port served over one path, or why nothing was seen.</summary>
public sealed record CertObservation(string Path, string Hostname, int Port, ProbeProtocol Protocol, ServedCertificate? Certificate, string? Problem);
