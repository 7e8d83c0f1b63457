using Tailwart.Core.Tls;

namespace Tailwart.Core.Probes;

/// <summary>
/// What one probe saw. <see cref="Banned"/> is set when the peer accepted the connection and
/// closed it before greeting: Stalwart's answer to a banned client IP (lesson 3).
/// </summary>
public sealed record ProbeResult(
    string Path,
    string Host,
    int Port,
    ProbeProtocol Protocol,
    bool Reachable,
    TimeSpan Latency,
    string? Banner,
    ServedCertificate? Certificate,
    bool Banned,
    string Summary);
