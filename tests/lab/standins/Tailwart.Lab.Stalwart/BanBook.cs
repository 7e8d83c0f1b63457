using System.Net;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// Auto-ban and allow-list (stalwart.md §2–3). A ban lives in memory and, when the store write
/// succeeds, in <c>blocked_ips</c>; a ban whose write failed is memory-only and vanishes on restart
/// (lesson 3: "a Stalwart restart flushes them"). Counters are in memory and are NOT reset by a ban
/// or an unban, so further malformed input from an unbanned IP re-arms the ban at once.
/// Loopback is never banned; the allow-list wins over the block list. On 0.16 every trusted proxy
/// network is allow-listed automatically (stalwart.md §2–3), so a PROXY sender can never be banned there.
/// </summary>
internal sealed class BanBook(StandinConfig config, Store store, bool allowTrustedProxies)
{
    private const int MaxCounterKeys = 10_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BanEntry> _banned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTime>> _counters = new(StringComparer.Ordinal);
    private List<IpNetwork> _allowed = [.. config.EnvAllowedIps, .. allowTrustedProxies ? config.TrustedProxies : []];

    public sealed record BanEntry(IpNetwork Network, string Reason, DateTimeOffset CreatedAt, bool Persisted);

    public IReadOnlyList<BanEntry> Snapshot()
    {
        lock (_gate) return [.. _banned.Values];
    }

    public IReadOnlyList<IpNetwork> AllowedSnapshot()
    {
        lock (_gate) return [.. _allowed];
    }

    public bool IsAllowed(IPAddress ip)
    {
        var a = IpNetwork.Fold(ip);
        if (IPAddress.IsLoopback(a)) return true;
        lock (_gate) return _allowed.Any(n => n.Contains(a));
    }

    public bool IsBlocked(IPAddress ip)
    {
        if (IsAllowed(ip)) return false;
        var a = IpNetwork.Fold(ip);
        lock (_gate) return _banned.Values.Any(b => b.Network.Contains(a));
    }

    /// <summary>Malformed protocol input (bad SMTP/IMAP/HTTP, failed TLS handshake): the scan category.</summary>
    public Task RecordMalformedAsync(IPAddress ip, string what, CancellationToken ct) =>
        CountAsync(ip, "scan", config.ScanBanCount, config.ScanBanWindow, "portScanning", "security.scan-ban",
            "Banned due to scan", ("reason", what), ct);

    public Task RecordAuthFailureAsync(IPAddress ip, string account, CancellationToken ct) =>
        CountAsync(ip, "auth", config.AuthBanCount, config.AuthBanWindow, "authFailure", "security.authentication-ban",
            "Banned due to authentication errors", ("accountName", account), ct);

    /// <summary>An HTTP 404 on a scan path (e.g. *.php*) bans at once, as in the real server.</summary>
    public async Task ScanPathHitAsync(IPAddress ip, string path, CancellationToken ct)
    {
        if (IsAllowed(ip) || IsBlocked(ip)) return;
        StalwartLog.Info("Banned due to scan", "security.scan-ban", ("remoteIp", IpNetwork.Fold(ip)), ("path", path));
        await BanAsync(IpNetwork.Fold(ip).ToString(), "portScanning", ct);
    }

    private async Task CountAsync(IPAddress ip, string category, int threshold, TimeSpan window, string reason,
        string eventId, string description, (string, object?) detail, CancellationToken ct)
    {
        if (threshold <= 0 || IsAllowed(ip)) return;
        var a = IpNetwork.Fold(ip);
        bool trip;
        lock (_gate)
        {
            var key = category + "|" + a;
            if (!_counters.TryGetValue(key, out var hits))
            {
                if (_counters.Count >= MaxCounterKeys) _counters.Clear();
                _counters[key] = hits = new Queue<DateTime>();
            }
            var now = DateTime.UtcNow;
            hits.Enqueue(now);
            while (hits.Count > 0 && now - hits.Peek() > window) hits.Dequeue();
            while (hits.Count > threshold * 2) hits.Dequeue();
            trip = hits.Count >= threshold && !_banned.Values.Any(b => b.Network.Contains(a));
        }
        if (!trip) return;
        StalwartLog.Info(description, eventId, ("remoteIp", a), detail);
        await BanAsync(a.ToString(), reason, ct);
    }

    /// <summary>Memory first, then the store; a failed store write leaves a memory-only ban.</summary>
    public async Task BanAsync(string address, string reason, CancellationToken ct)
    {
        var net = IpNetwork.Parse(address);
        var key = net.ToString();
        var entry = new BanEntry(net, reason, DateTimeOffset.UtcNow, Persisted: false);
        lock (_gate) _banned[key] = entry;
        var persisted = await store.PutBanAsync(new BanRecord(key, reason, entry.CreatedAt), ct);
        if (persisted)
        {
            lock (_gate)
            {
                if (_banned.ContainsKey(key)) _banned[key] = entry with { Persisted = true };
            }
        }
    }

    /// <summary>Boot and "reload blocked IPs": the memory set becomes exactly what the store holds.
    /// With the store down the current set is kept (the reload fails, as a read error would).</summary>
    public async Task ReloadBlockedAsync(CancellationToken ct)
    {
        if (!store.Available) return;
        List<BanRecord> rows;
        try
        {
            rows = await store.ReadBansAsync(ct);
        }
        catch (StoreUnavailableException)
        {
            return;
        }
        lock (_gate)
        {
            _banned.Clear();
            foreach (var r in rows)
            {
                if (IpNetwork.TryParse(r.Address, out var net))
                    _banned[net!.ToString()] = new BanEntry(net, r.Reason, r.CreatedAt, Persisted: true);
            }
        }
    }

    /// <summary>Full reload: allow-list = env + <c>server.allowed-ip.*</c> settings, then blocked IPs.</summary>
    public async Task ReloadAllAsync(CancellationToken ct)
    {
        var allowed = new List<IpNetwork>(config.EnvAllowedIps);
        if (allowTrustedProxies) allowed.AddRange(config.TrustedProxies);
        try
        {
            foreach (var key in (await store.ReadSettingsAsync("server.allowed-ip.", ct)).Keys)
            {
                if (IpNetwork.TryParse(key["server.allowed-ip.".Length..], out var net)) allowed.Add(net!);
            }
            lock (_gate) _allowed = allowed;
        }
        catch (StoreUnavailableException)
        {
            // Keep the current allow-list.
        }
        await ReloadBlockedAsync(ct);
    }
}
