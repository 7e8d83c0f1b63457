using System.Buffers;
using System.Text;

namespace Tailwart.Core.Logs;

/// <summary>
/// Cuts a byte stream into lines. Bytes are decoded per complete line (so a UTF-8 character split
/// across two reads stays whole), and a line that never ends is cut at a bound and the rest of it
/// skipped up to the next newline, so a runaway writer cannot exhaust memory.
/// </summary>
public sealed class LineSplitter(int maxLineBytes = LogLineParser.MaxChars * 4)
{
    private readonly ArrayBufferWriter<byte> _pending = new();
    private bool _skipping;

    /// <summary>Feeds bytes; returns the lines they completed (without the newline).</summary>
    public IEnumerable<string> Feed(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<string>();
        while (!bytes.IsEmpty)
        {
            int newline = bytes.IndexOf((byte)'\n');
            ReadOnlySpan<byte> part = newline < 0 ? bytes : bytes[..newline];
            if (!_skipping)
            {
                int room = maxLineBytes - _pending.WrittenCount;
                _pending.Write(part[..Math.Min(part.Length, room)]);
                if (part.Length >= room && newline < 0)
                {
                    lines.Add(Take());
                    _skipping = true;
                }
            }
            if (newline < 0)
                break;
            if (!_skipping || _pending.WrittenCount > 0)
                lines.Add(Take());
            _skipping = false;
            bytes = bytes[(newline + 1)..];
        }
        return lines;
    }

    /// <summary>The unterminated rest, at end of stream.</summary>
    public string? Flush() => _pending.WrittenCount > 0 ? Take() : null;

    private string Take()
    {
        string line = Encoding.UTF8.GetString(_pending.WrittenSpan);
        _pending.ResetWrittenCount();
        return line;
    }
}
