using System.Buffers;
using System.Text;

namespace Tailwart.Core.Logs;

/// <summary>
/// Cuts a byte stream into lines. Lines are handed out as bytes (a line that arrived whole is
/// not copied; one split across reads is put together first, so a UTF-8 character split across
/// two reads stays whole), and a line that never ends is cut at a bound and the rest of it
/// skipped up to the next newline, so a runaway writer cannot exhaust memory.
/// </summary>
public sealed class LineSplitter(int maxLineBytes = LogLineParser.MaxChars * 4)
{
    /// <summary>Receives one line (without the newline); the span is only valid during the call.</summary>
    public delegate void LineHandler(ReadOnlySpan<byte> line);

    private readonly ArrayBufferWriter<byte> _pending = new();
    private bool _skipping;

    /// <summary>Feeds bytes; calls <paramref name="onLine"/> for each line they complete.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, LineHandler onLine)
    {
        while (!bytes.IsEmpty)
        {
            int newline = bytes.IndexOf((byte)'\n');
            ReadOnlySpan<byte> part = newline < 0 ? bytes : bytes[..newline];
            if (!_skipping)
            {
                int room = maxLineBytes - _pending.WrittenCount;
                if (newline >= 0 && _pending.WrittenCount == 0 && part.Length <= room)
                {
                    onLine(part); // the common case: a whole line in this read, handed out in place
                    bytes = bytes[(newline + 1)..];
                    continue;
                }
                _pending.Write(part[..Math.Min(part.Length, room)]);
                if (part.Length >= room && newline < 0)
                {
                    Take(onLine);
                    _skipping = true;
                }
            }
            if (newline < 0)
                break;
            if (!_skipping || _pending.WrittenCount > 0)
                Take(onLine);
            _skipping = false;
            bytes = bytes[(newline + 1)..];
        }
    }

    /// <summary>Feeds bytes; returns the lines they completed, decoded.</summary>
    public IEnumerable<string> Feed(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<string>();
        Feed(bytes, line => lines.Add(Encoding.UTF8.GetString(line)));
        return lines;
    }

    /// <summary>The unterminated rest, at end of stream (false when there is none).</summary>
    public bool Flush(LineHandler onLine)
    {
        if (_pending.WrittenCount == 0)
            return false;
        Take(onLine);
        return true;
    }

    /// <summary>The unterminated rest, at end of stream, decoded.</summary>
    public string? Flush()
    {
        string? rest = null;
        Flush(line => rest = Encoding.UTF8.GetString(line));
        return rest;
    }

    private void Take(LineHandler onLine)
    {
        onLine(_pending.WrittenSpan);
        _pending.ResetWrittenCount();
    }
}
