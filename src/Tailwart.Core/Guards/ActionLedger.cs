using System.Text.Json;
using Tailwart.Core.State;

namespace Tailwart.Core.Guards;

/// <summary>
/// A persisted record of when each guarded action (a probe of one target and port, a key test)
/// last ran, shared by every tailwart process on the box: the TUI, a CLI run beside it, a
/// restarted tailwart. Reads and writes happen under an exclusive lock on a sibling lock file
/// (.NET takes an flock for FileShare.None on Unix), and the decision is recorded before the
/// action runs, so two processes can never both be granted the same slot.
/// </summary>
/// <param name="shared">The ledger is in the box-wide state directory: its files are group read-write (0660), so every admin of the box shares it.</param>
public sealed class ActionLedger(string path, TimeProvider time, bool shared = false)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Forget = TimeSpan.FromDays(2);
    /// <summary>An entry that counts for every key: written when a damaged ledger is reset, so the guard fails closed.</summary>
    private const string AllKeys = "*";
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = path;

    public static ActionLedger InState(StatePaths state, string name, TimeProvider time) => state.LedgerIsShared
        ? new(System.IO.Path.Combine(state.LedgerDirectory, name), time, shared: true)
        : new(System.IO.Path.Combine(StatePaths.EnsurePrivateDirectory(state.LedgerDirectory), name), time);

    private UnixFileMode Mode => shared ? Private | UnixFileMode.GroupRead | UnixFileMode.GroupWrite : Private;

    /// <summary>Grants <paramref name="key"/> when its last grant is at least <paramref name="interval"/> old, recording the grant.</summary>
    public LedgerDecision TryTake(string key, TimeSpan interval) => TryTakeAll([key], interval);

    /// <summary>
    /// Grants every one of <paramref name="keys"/> or none: a certificate sweep touches several ports
    /// at once, and must be refused when any one of them was touched within the interval (by a probe,
    /// another sweep or the admin-port check). The refusal names the latest use among the keys.
    /// </summary>
    public LedgerDecision TryTakeAll(IReadOnlyCollection<string> keys, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count);
        using FileStream gate = Lock();
        Dictionary<string, DateTimeOffset> entries = Read();
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset? last = null;
        foreach (string key in keys)
        {
            if (Latest(entries.GetValueOrDefault(key), entries.GetValueOrDefault(AllKeys)) is DateTimeOffset seen && (last is null || seen > last))
                last = seen;
        }
        // A clock that went backwards must not open the gate early: a future entry counts as now.
        if (last is DateTimeOffset future && future > now)
            last = now;
        if (last is DateTimeOffset previous && now - previous < interval)
            return new LedgerDecision(false, previous, previous + interval);
        foreach (string key in keys)
            entries[key] = now;
        foreach (string stale in entries.Where(e => now - e.Value > Forget).Select(e => e.Key).ToList())
            entries.Remove(stale);
        Write(entries);
        return new LedgerDecision(true, last, now + interval);
    }

    /// <summary>When <paramref name="key"/> may next run, if that is still ahead; null when it may run now.</summary>
    public DateTimeOffset? RefusedUntil(string key, TimeSpan interval) => NextAllowed(key, interval) is var next && next > time.GetUtcNow() ? next : null;

    public DateTimeOffset NextAllowed(string key, TimeSpan interval)
    {
        using FileStream gate = Lock();
        var entries = Read();
        return Latest(entries.GetValueOrDefault(key), entries.GetValueOrDefault(AllKeys)) is DateTimeOffset last ? last + interval : time.GetUtcNow();
    }

    private static DateTimeOffset? Latest(DateTimeOffset a, DateTimeOffset b)
    {
        DateTimeOffset latest = a > b ? a : b;
        return latest == default ? null : latest;
    }

    private FileStream Lock()
    {
        string lockPath = Path + ".lock";
        DateTime deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                var stream = new FileStream(lockPath, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = Mode,
                });
                if (shared)
                    GroupWritable(lockPath); // the umask took group write off at creation
                return stream;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(15);
            }
            catch (IOException e)
            {
                throw new UserFacingException($"The guard ledger {lockPath} stayed locked for {LockWait.TotalSeconds:0} s (another tailwart is holding it?): {e.Message}", e);
            }
        }
    }

    private Dictionary<string, DateTimeOffset> Read()
    {
        if (!File.Exists(Path))
            return new(StringComparer.Ordinal);
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path), LedgerJson.Default.DictionaryStringDateTimeOffset) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // A damaged ledger fails closed: every key counts as used just now, for one interval.
            var reset = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal) { [AllKeys] = time.GetUtcNow() };
            Write(reset);
            return reset;
        }
    }

    private void Write(Dictionary<string, DateTimeOffset> entries)
    {
        string temp = Path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(entries, LedgerJson.Default.DictionaryStringDateTimeOffset));
        File.SetUnixFileMode(temp, Mode);
        File.Move(temp, Path, overwrite: true);
    }

    private void GroupWritable(string file)
    {
        try
        {
            if ((File.GetUnixFileMode(file) & Mode) != Mode)
                File.SetUnixFileMode(file, Mode);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Another user's file: its creator set the mode.
        }
    }
}
