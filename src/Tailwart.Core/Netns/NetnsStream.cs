using System.Text;
using Docker.DotNet;

namespace Tailwart.Core.Netns;

/// <summary>
/// A byte stream to HOST:PORT that originates in the sidecar's netns: the stdin/stdout of one
/// <c>nc HOST PORT</c> exec. What nc says on stderr (refused, bad address, timed out) is kept in
/// <see cref="StandardError"/> so callers can name the failure.
/// </summary>
public sealed class NetnsStream : Stream
{
    private const int MaxStderr = 4096;
    private readonly MultiplexedStream _pipe;
    private readonly StringBuilder _stderr = new();
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _pending, _offset;
    private bool _eof;

    internal NetnsStream(MultiplexedStream pipe, string execId)
    {
        _pipe = pipe;
        ExecId = execId;
    }

    /// <summary>The Docker exec id of the nc process (its exit code can be inspected).</summary>
    public string ExecId { get; }

    /// <summary>What nc wrote on stderr so far (capped).</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>True once nc closed its stdout: the remote closed, or nc failed (see <see cref="StandardError"/>).</summary>
    public bool Ended => _eof;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pending == 0)
        {
            if (_eof)
                return 0;
            var result = await _pipe.ReadOutputAsync(_buffer, 0, _buffer.Length, cancellationToken).ConfigureAwait(false);
            if (result.EOF)
            {
                _eof = true;
                return 0;
            }
            if (result.Target == MultiplexedStream.TargetStream.StandardError)
            {
                lock (_stderr)
                {
                    if (_stderr.Length < MaxStderr)
                        _stderr.Append(Encoding.UTF8.GetString(_buffer, 0, result.Count));
                }
                continue;
            }
            _pending = result.Count;
            _offset = 0;
        }
        int n = Math.Min(_pending, buffer.Length);
        _buffer.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        _pending -= n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        byte[] copy = buffer.ToArray();
        await _pipe.WriteAsync(copy, 0, copy.Length, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _pipe.WriteAsync(buffer, offset, count, cancellationToken);

    /// <summary>Closes nc's stdin (half-close): the remote sees end of input, replies can still be read.</summary>
    public void CloseWrite() => _pipe.CloseWrite();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _pipe.Dispose();
        base.Dispose(disposing);
    }
}
