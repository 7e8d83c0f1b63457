namespace Tailwart.Core.Probes;

/// <summary>How a port is spoken to. Each probe speaks its protocol properly and leaves cleanly (lesson 3).</summary>
public enum ProbeProtocol
{
    /// <summary>SMTP (25, 587): greeting, EHLO, STARTTLS when offered, EHLO, QUIT.</summary>
    Smtp,

    /// <summary>SMTPS (465): TLS, greeting, EHLO, QUIT.</summary>
    SmtpImplicitTls,

    /// <summary>IMAP (143): greeting, CAPABILITY, STARTTLS when offered, LOGOUT.</summary>
    Imap,

    /// <summary>IMAPS (993): TLS, greeting, CAPABILITY, LOGOUT.</summary>
    ImapImplicitTls,

    /// <summary>HTTPS (443) with SNI: one GET of the MTA-STS policy.</summary>
    Https,

    /// <summary>Stalwart's admin listener (8080): one GET of the live health endpoint.</summary>
    AdminHttp,
}
