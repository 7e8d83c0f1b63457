using System.Text;

namespace Tailwart.Core.Probes;

/// <summary>
/// Line-oriented talk over a stream (SMTP, IMAP, HTTP headers) with a per-read deadline and a
/// cap on line length, so a peer that floods or stalls cannot hold a probe.
/// </summary>
/// <remarks>
/// Reads are buffered: one read per segment the peer sends, not one per byte. On a plain socket the
/// byte-at-a-time reader cost a recv(2) per byte, ~300 per STARTTLS conversation, which a
/// concurrent certificate sweep on a small box pays in CPU. Bytes still buffered when the session
/// switches to TLS are dropped, never read as if protected: a server sends nothing after its
/// STARTTLS "go ahead" until the client's hello, so anything there was injected (RFC 3207 §4.2).
/// </remarks>
public sealed class TextSession(Stream stream, TimeSpan timeout)
{
    private const int MaxLine = 8192;
    private readonly byte[] _buffer = new byte[4096];
    private int _start, _end;

    public Stream Stream { get; private set; } = stream;

    /// <summary>Switches to another stream over the same connection (after STARTTLS); unread plaintext is discarded.</summary>
    public void Upgrade(Stream upgraded)
    {
        Stream = upgraded;
        _start = _end = 0;
    }

    /// <summary>The next line without CRLF, or null when the peer closed the connection.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var line = new StringBuilder();
        try
        {
            while (line.Length < MaxLine)
            {
                if (_start == _end)
                {
                    int n = await Stream.ReadAsync(_buffer, deadline.Token).ConfigureAwait(false);
                    if (n == 0)
                        return line.Length == 0 ? null : line.ToString();
                    _start = 0;
                    _end = n;
                }
                byte b = _buffer[_start++];
                if (b == '\n')
                    return line.ToString().TrimEnd('\r');
                line.Append((char)b);
            }
            return line.ToString();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no reply within {timeout.TotalSeconds:0.#} s");
        }
    }

    public async Task WriteLineAsync(string line, CancellationToken ct)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(line + "\r\n");
        await Stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await Stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads an SMTP reply (possibly multi-line, "250-…" then "250 …"); null when closed.</summary>
    public async Task<IReadOnlyList<string>?> ReadSmtpReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            string? line = await ReadLineAsync(ct).ConfigureAwait(false);
            if (line is null)
                return lines.Count == 0 ? null : lines;
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-' || lines.Count > 100)
                return lines;
        }
    }

    /// <summary>Reads IMAP lines up to the tagged completion for <paramref name="tag"/>.</summary>
    public async Task<IReadOnlyList<string>?> ReadImapUntilAsync(string tag, CancellationToken ct)
    {
        var lines = new List<string>();
        while (lines.Count < 100)
        {
            string? line = await ReadLineAsync(ct).ConfigureAwait(false);
            if (line is null)
                return lines.Count == 0 ? null : lines;
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                return lines;
        }
        return lines;
    }
}
