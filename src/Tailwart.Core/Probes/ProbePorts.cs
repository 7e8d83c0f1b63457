namespace Tailwart.Core.Probes;

/// <summary>The ports tailwart probes and the protocol each speaks.</summary>
public static class ProbePorts
{
    public static IReadOnlyDictionary<int, ProbeProtocol> Default { get; } = new Dictionary<int, ProbeProtocol>
    {
        [25] = ProbeProtocol.Smtp,
        [465] = ProbeProtocol.SmtpImplicitTls,
        [587] = ProbeProtocol.Smtp,
        [143] = ProbeProtocol.Imap,
        [993] = ProbeProtocol.ImapImplicitTls,
        [443] = ProbeProtocol.Https,
        [8080] = ProbeProtocol.AdminHttp,
    };
}
