namespace Tailwart.Core.Logs;

/// <summary>
/// Gathers the lines of one log stream into batches of <see cref="LogLine"/>, one batch per read, so a
/// consumer stores hundreds of lines under one lock. Each line is parsed with the time of the read that
/// brought it (its time when Docker's timestamp is missing), and lines not after <c>since</c> are
/// skipped: the API's <c>since</c> has one-second resolution, so the caller may already have them.
/// </summary>
internal sealed class LogBatchCollector
{
    private readonly string _service;
    private readonly DateTimeOffset? _since;
    private readonly TimeProvider _time;
    private DateTimeOffset _now;
    private List<LogLine> _batch = [];

    public LogBatchCollector(string service, DateTimeOffset? since, TimeProvider time)
    {
        _service = service;
        _since = since;
        _time = time;
        _now = time.GetUtcNow();
        Take = Add; // one delegate for the whole stream, not one per frame
    }

    /// <summary>Hands one raw line (Docker's timestamp, a space, the text) to the current batch.</summary>
    public LineSplitter.LineHandler Take { get; }

    /// <summary>Notes the time of a read; lines taken after it fall back to this time.</summary>
    public void Stamp() => _now = _time.GetUtcNow();

    /// <summary>The lines taken since the last call, or null when there were none.</summary>
    public List<LogLine>? TakeBatch()
    {
        if (_batch.Count == 0)
            return null;
        List<LogLine> batch = _batch;
        _batch = [];
        return batch;
    }

    /// <summary>At the end of the stream: the unterminated rest of each splitter, and the last batch (or null).</summary>
    public List<LogLine>? Finish(LineSplitter stdout, LineSplitter stderr)
    {
        Stamp();
        stdout.Flush(Take);
        stderr.Flush(Take);
        return TakeBatch();
    }

    private void Add(ReadOnlySpan<byte> raw)
    {
        LogLine line = LogLineParser.Parse(_service, raw, _now);
        if (_since is null || line.Timestamp > _since)
            _batch.Add(line);
    }
}
