using System.Globalization;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// The lab's side door (not part of Stalwart): control files the fault scripts write, and the
/// <c>state/lost-writes</c> counter tests read. Layout under <see cref="StandinConfig.LabDir"/>:
/// <c>control/api-generation</c> (0.15|0.16, read at start), <c>control/db-failure-mode</c> (exit|degrade),
/// <c>control/api-hang</c> (exists ⇒ admin listener hangs), <c>control/acme-unauthorized</c> (exists ⇒ ACME
/// DNS-01 fails "Unauthorized"), <c>control/tls-fallback-listeners</c> (comma list of listener ids that serve
/// the self-signed fallback anyway; read per handshake), <c>state/lost-writes</c> (integer, written atomically).
/// </summary>
internal sealed class LabControl
{
    private readonly string _control;
    private readonly string _state;
    private readonly Lock _gate = new();
    private long _lostWrites;

    public LabControl(string labDir)
    {
        _control = Path.Combine(labDir, "control");
        _state = Path.Combine(labDir, "state");
        _lostWrites = ReadLong(Path.Combine(_state, "lost-writes"));
    }

    /// <summary>"0.15" (default) or "0.16".</summary>
    public string ApiGeneration => Read("api-generation") is "0.16" ? "0.16" : "0.15";

    /// <summary>"exit" (default: what 0.15/0.16 do) or "degrade" (what the seed saw).</summary>
    public bool DegradeOnDbFailure => Read("db-failure-mode") is "degrade";

    public bool ApiHang => File.Exists(Path.Combine(_control, "api-hang"));

    public bool AcmeUnauthorized => File.Exists(Path.Combine(_control, "acme-unauthorized"));

    /// <summary>Listener ids (e.g. <c>submissions,imaptls</c>) that serve the fallback whatever the store holds.</summary>
    public IReadOnlySet<string> FallbackListeners =>
        (Read("tls-fallback-listeners") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>The account URL the lab's pretend CA answers to a 0.16 newAccount (<c>control/acme-account-uri</c>); null ⇒ a random one.</summary>
    public string? AcmeAccountUri => Read("acme-account-uri") is { Length: > 0 } uri ? uri : null;

    public long LostWrites => Interlocked.Read(ref _lostWrites);

    /// <summary>Counts a write that was silently dropped because the store was down (lesson 1).</summary>
    public void CountLostWrite(string what)
    {
        lock (_gate)
        {
            _lostWrites++;
            try
            {
                Directory.CreateDirectory(_state);
                var target = Path.Combine(_state, "lost-writes");
                var tmp = target + ".tmp";
                File.WriteAllText(tmp, _lostWrites.ToString(CultureInfo.InvariantCulture) + "\n");
                File.Move(tmp, target, overwrite: true);
            }
            catch (IOException)
            {
                // The counter in memory still moved; the lab dir may be read-only in odd setups.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        StalwartLog.Error("PostgreSQL error", "store.postgresql-error",
            ("reason", "store unavailable; write lost"), ("details", what));
    }

    private string? Read(string name)
    {
        try
        {
            var p = Path.Combine(_control, name);
            return File.Exists(p) ? File.ReadAllText(p).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long ReadLong(string path)
    {
        try
        {
            return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var v) ? v : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
