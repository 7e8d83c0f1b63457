using System.Text;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// CRLF line I/O for SMTP/IMAP sessions over a swappable stream (STARTTLS replaces it). Lines are
/// capped (<see cref="MaxLine"/>); each read waits at most the idle timeout. Bytes buffered before
/// STARTTLS are discarded on the switch (no command injection across the TLS boundary).
/// </summary>
internal sealed class LineChannel(Stream stream, TimeSpan idleTimeout)
{
    public const int MaxLine = 4096;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    public Stream Stream { get; private set; } = stream;

    public void SwitchTo(Stream next)
    {
        Stream = next;
        _start = _end = 0;
    }

    /// <summary>Next line without CRLF; null on EOF. Throws <see cref="LineTooLongException"/> past the cap.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(idleTimeout);
        var line = new List<byte>(128);
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await Stream.ReadAsync(_buffer, timeout.Token);
                if (_end == 0) return line.Count == 0 ? null : Encoding.UTF8.GetString([.. line]);
            }
            var b = _buffer[_start++];
            if (b == '\n')
            {
                if (line.Count > 0 && line[^1] == '\r') line.RemoveAt(line.Count - 1);
                return Encoding.UTF8.GetString([.. line]);
            }
            line.Add(b);
            if (line.Count > MaxLine) throw new LineTooLongException();
        }
    }

    public async Task WriteAsync(string text, CancellationToken ct)
    {
        await Stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await Stream.FlushAsync(ct);
    }
}

internal sealed class LineTooLongException() : Exception("line too long");
