using System.Diagnostics;
using System.Net.Sockets;
using Tailwart.Core.Net;

namespace Tailwart.Core.Probes;

/// <summary>
/// Runs one protocol-correct probe of one port over a connector and reports what it saw. It
/// never retries (a retry is another probe, which the budget must see) and is bounded by its
/// timeout end to end. Callers go through <see cref="ProbeService"/>, which holds the budget.
/// </summary>
internal static class PortProber
{
    public static async Task<ProbeResult> ProbeAsync(IConnector connector, string host, int port, ProbeProtocol protocol, ProbeNames names, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout * 3);
            await using Stream stream = await connector.ConnectAsync(host, port, timeout, deadline.Token).ConfigureAwait(false);
            TimeSpan connected = clock.Elapsed;
            ConversationOutcome outcome = protocol switch
            {
                ProbeProtocol.Smtp => await SmtpConversation.RunAsync(stream, false, names.Mail, names.Helo, timeout, deadline.Token).ConfigureAwait(false),
                ProbeProtocol.SmtpImplicitTls => await SmtpConversation.RunAsync(stream, true, names.Mail, names.Helo, timeout, deadline.Token).ConfigureAwait(false),
                ProbeProtocol.Imap => await ImapConversation.RunAsync(stream, false, names.Mail, timeout, deadline.Token).ConfigureAwait(false),
                ProbeProtocol.ImapImplicitTls => await ImapConversation.RunAsync(stream, true, names.Mail, timeout, deadline.Token).ConfigureAwait(false),
                ProbeProtocol.Https => await HttpConversation.RunAsync(stream, true, names.MtaSts, "/.well-known/mta-sts.txt", timeout, deadline.Token).ConfigureAwait(false),
                _ => await HttpConversation.RunAsync(stream, false, host, "/healthz/live", timeout, deadline.Token).ConfigureAwait(false),
            };
            string summary = outcome.ClosedBeforeGreeting
                ? outcome.Summary + ": looks like a ban on this client's IP (lesson 3)"
                : outcome.Summary;
            return new ProbeResult(connector.PathName, host, port, protocol, true, connected, outcome.Banner, outcome.Certificate, outcome.ClosedBeforeGreeting, summary);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or UserFacingException or System.Security.Authentication.AuthenticationException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // An accepted connection reset during TLS is also how a banned client is turned away.
            bool reset = e is IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } } || e is System.Security.Authentication.AuthenticationException { InnerException: IOException };
            string reason = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds * 3:0} s" : e.Message;
            return new ProbeResult(connector.PathName, host, port, protocol, reset, clock.Elapsed, null, null, reset,
                reset ? $"accepted, then reset: looks like a ban on this client's IP (lesson 3)" : $"unreachable: {reason}");
        }
    }
}
