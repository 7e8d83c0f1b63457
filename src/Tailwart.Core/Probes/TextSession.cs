using System.Text;

namespace Tailwart.Core.Probes;

/// <summary>
/// Line-oriented talk over a stream (SMTP, IMAP, HTTP headers) with a per-read deadline and a
/// cap on line length, so a peer that floods or stalls cannot hold a probe.
/// </summary>
public sealed class TextSession(Stream stream, TimeSpan timeout)
{
    private const int MaxLine = 8192;
    private readonly byte[] _one = new byte[1];

    public Stream Stream { get; private set; } = stream;

    /// <summary>Switches to another stream over the same connection (after STARTTLS).</summary>
    public void Upgrade(Stream upgraded) => Stream = upgraded;

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
                int n = await Stream.ReadAsync(_one, deadline.Token).ConfigureAwait(false);
                if (n == 0)
                    return line.Length == 0 ? null : line.ToString();
                if (_one[0] == '\n')
                    return line.ToString().TrimEnd('\r');
                line.Append((char)_one[0]);
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
