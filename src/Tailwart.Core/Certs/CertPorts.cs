using Tailwart.Core.Probes;

namespace Tailwart.Core.Certs;

/// <summary>The TLS-speaking ports whose certificates tailwart inspects, each spoken as its protocol requires.</summary>
public static class CertPorts
{
    public static IReadOnlyList<(int Port, ProbeProtocol Protocol)> All { get; } =
    [
        (25, ProbeProtocol.Smtp),
        (587, ProbeProtocol.Smtp),
        (465, ProbeProtocol.SmtpImplicitTls),
        (143, ProbeProtocol.Imap),
        (993, ProbeProtocol.ImapImplicitTls),
        (443, ProbeProtocol.Https),
    ];
}
