using Tailwart.Core.Tls;

namespace Tailwart.Core.Probes;

/// <summary>One HTTP/1.1 GET with Connection: close, over TLS with SNI or plain; reads the status line and headers only.</summary>
internal static class HttpConversation
{
    public static async Task<ConversationOutcome> RunAsync(Stream stream, bool tls, string hostHeader, string path, TimeSpan timeout, CancellationToken ct)
    {
        (stream, ServedCertificate? certificate) = await TlsHandshake.WhenAsync(tls, stream, hostHeader, timeout, ct).ConfigureAwait(false);
        var session = new TextSession(stream, timeout);
        await session.WriteLineAsync($"GET {path} HTTP/1.1\r\nHost: {hostHeader}\r\nUser-Agent: tailwart-probe\r\nAccept: */*\r\nConnection: close\r\n", ct).ConfigureAwait(false);
        string? status = await session.ReadLineAsync(ct).ConfigureAwait(false);
        if (status is null)
            return new ConversationOutcome(null, certificate, "accepted, then closed without an answer", ClosedBeforeGreeting: true);
        string? server = null;
        for (int i = 0; i < 100; i++)
        {
            string? header = await session.ReadLineAsync(ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(header))
                break;
            if (header.StartsWith("Server:", StringComparison.OrdinalIgnoreCase))
                server = header[7..].Trim();
        }
        return new ConversationOutcome(status, certificate, $"GET {path}: {status}{(server is null ? "" : $" (server {server})")}");
    }
}
