namespace Tailwart.Core.Logs;

/// <summary>
/// Turns a raw log body (the HTTP body as dockerd sends it) into batches of lines, one batch per read:
/// Docker's stdout/stderr framing for containers without a TTY, plain output for a TTY container.
/// Owns the read buffer, so the reading loop (async or on a thread of its own) only moves bytes in.
/// </summary>
internal sealed class LogBodyDecoder
{
    private readonly bool _multiplexed;
    private readonly LineSplitter _stdout = new();
    private readonly LineSplitter _stderr = new();
    private readonly LogBatchCollector _lines;
    private readonly DockerFrameDecoder _frames = new();
    private readonly DockerFrameDecoder.PayloadHandler _payload;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _held; // the start of a frame header cut by the previous read

    public LogBodyDecoder(string service, bool multiplexed, DateTimeOffset? since, TimeProvider time)
    {
        _multiplexed = multiplexed;
        _lines = new LogBatchCollector(service, since, time);
        _payload = (toStderr, bytes) => (toStderr ? _stderr : _stdout).Feed(bytes, _lines.Take);
    }

    /// <summary>Where the next read puts its bytes.</summary>
    public Memory<byte> Free => _buffer.AsMemory(_held);

    /// <summary>Takes <paramref name="read"/> bytes just read into <see cref="Free"/>; returns the lines they completed, or null.</summary>
    public List<LogLine>? Take(int read)
    {
        _lines.Stamp();
        if (_multiplexed)
        {
            int used = _frames.Decode(_buffer.AsSpan(0, _held + read), _payload);
            _held = _held + read - used;
            _buffer.AsSpan(used, _held).CopyTo(_buffer);
        }
        else
        {
            _stdout.Feed(_buffer.AsSpan(0, read), _lines.Take);
        }
        return _lines.TakeBatch();
    }

    /// <summary>At the end of the body: the unterminated rest of each stream, or null.</summary>
    public List<LogLine>? Finish() => _lines.Finish(_stdout, _stderr);
}
