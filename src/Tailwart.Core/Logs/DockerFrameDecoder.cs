using System.Buffers.Binary;

namespace Tailwart.Core.Logs;

/// <summary>
/// Docker's multiplexed log framing (for containers without a TTY): each frame is an 8-byte header
/// (stream: 1 stdout, 2 stderr; three zero bytes; payload length, big-endian) and the payload. This
/// decodes whatever bytes are at hand, many frames per read, instead of two stream reads per
/// frame; a payload may be handed out in pieces (the line splitter joins them), a header never is.
/// </summary>
public sealed class DockerFrameDecoder
{
    public const int HeaderLength = 8;

    /// <summary>Receives a frame's payload, or a piece of it; the span is only valid during the call.</summary>
    public delegate void PayloadHandler(bool stderr, ReadOnlySpan<byte> payload);

    private int _remaining;
    private bool _stderr;

    /// <summary>
    /// Hands out the payload bytes in <paramref name="data"/>; returns how many bytes were used.
    /// The rest (less than a header) must be passed again, with more bytes after it.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> data, PayloadHandler onPayload)
    {
        int used = 0;
        while (used < data.Length)
        {
            if (_remaining == 0)
            {
                if (data.Length - used < HeaderLength)
                    break;
                ReadOnlySpan<byte> header = data.Slice(used, HeaderLength);
                _stderr = header[0] switch
                {
                    0 or 1 => false,
                    2 => true,
                    _ => throw new IOException($"Unknown stream type '{header[0]}' in Docker's log framing."),
                };
                uint length = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
                if (length > int.MaxValue)
                    throw new IOException($"Invalid frame length {length} in Docker's log framing.");
                _remaining = (int)length;
                used += HeaderLength;
                continue;
            }
            int take = Math.Min(_remaining, data.Length - used);
            onPayload(_stderr, data.Slice(used, take));
            _remaining -= take;
            used += take;
        }
        return used;
    }
}
