namespace Tailwart.Core.Logs;

/// <summary>
/// The bounded memory behind the Logs pane: at most <c>maxLines</c> lines and <c>maxBytes</c>
/// bytes; the oldest lines are dropped first and counted, so the pane can say "N lines dropped"
/// instead of growing to gigabytes over a day (anchors.md §1–2). Lines are kept in timestamp
/// order: a line that arrives slightly late from another service is inserted where it belongs.
/// Thread-safe; <see cref="Version"/> changes on every change so a view redraws only then, and
/// <see cref="Changed"/> says so (outside the lock) so a view need not poll.
/// </summary>
public sealed class LogRingBuffer
{
    /// <summary>How far back a late line may be placed; beyond that it is appended (order by arrival).</summary>
    private const int ReorderWindow = 256;

    private readonly LogLine?[] _lines;
    private readonly long _maxBytes;
    private readonly Lock _gate = new();
    private int _start;
    private int _count;
    private long _bytes;
    private long _dropped;
    private long _version;

    public LogRingBuffer(int maxLines, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1024);
        _lines = new LogLine?[maxLines];
        _maxBytes = maxBytes;
    }

    /// <summary>Raised after lines were added or cleared, on the thread that did it (keep handlers cheap).</summary>
    public event Action? Changed;

    /// <summary>
    /// Raised after <see cref="Changed"/> with each line added, on the thread that added it (keep
    /// handlers cheap): the services pane re-diagnoses when Stalwart logs a warning, instead of polling.
    /// </summary>
    public event Action<LogLine>? LineAdded;

    public int Count { get { lock (_gate) return _count; } }

    public long Bytes { get { lock (_gate) return _bytes; } }

    /// <summary>Lines dropped to stay inside the bounds since the buffer was created.</summary>
    public long Dropped { get { lock (_gate) return _dropped; } }

    /// <summary>Increases on every change; compare with the last drawn value to skip redraws.</summary>
    public long Version { get { lock (_gate) return _version; } }

    public void Add(LogLine line)
    {
        lock (_gate)
            Insert(line);
        Changed?.Invoke();
        LineAdded?.Invoke(line);
    }

    /// <summary>Adds many lines under one lock (a read from Docker brings hundreds at a time).</summary>
    public void AddRange(IEnumerable<LogLine> lines)
    {
        bool any = false;
        Action<LogLine>? added = LineAdded;
        List<LogLine>? addedLines = added is null ? null : [];
        lock (_gate)
        {
            foreach (LogLine line in lines)
            {
                Insert(line);
                addedLines?.Add(line);
                any = true;
            }
        }
        if (any)
            Changed?.Invoke();
        if (addedLines is not null)
            foreach (LogLine line in addedLines)
                added!(line);
    }

    /// <summary>A copy of the lines, oldest first, optionally only those <paramref name="filter"/> keeps.</summary>
    public IReadOnlyList<LogLine> Snapshot(Func<LogLine, bool>? filter = null)
    {
        lock (_gate)
        {
            var copy = new List<LogLine>(filter is null ? _count : Math.Min(_count, 1024));
            for (int i = 0; i < _count; i++)
            {
                LogLine line = At(i);
                if (filter is null || filter(line))
                    copy.Add(line);
            }
            return copy;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_lines);
            _start = _count = 0;
            _bytes = 0;
            _version++;
        }
        Changed?.Invoke();
    }

    private void Insert(LogLine line)
    {
        int cost = line.Cost;
        while (_count > 0 && (_count == _lines.Length || _bytes + cost > _maxBytes))
            DropOldest();
        int position = _count;
        long ticks = line.UtcTicks;
        for (int back = 0; back < ReorderWindow && position > 0 && At(position - 1).UtcTicks > ticks; back++)
            position--;
        for (int i = _count; i > position; i--)
            _lines[Index(i)] = _lines[Index(i - 1)];
        _lines[Index(position)] = line;
        _count++;
        _bytes += cost;
        _version++;
    }

    private void DropOldest()
    {
        _bytes -= At(0).Cost;
        _lines[_start] = null;
        _start = _start + 1 == _lines.Length ? 0 : _start + 1;
        _count--;
        _dropped++;
    }

    private LogLine At(int i) => _lines[Index(i)]!;

    private int Index(int i)
    {
        int index = _start + i;
        return index >= _lines.Length ? index - _lines.Length : index;
    }
}
