using System.Net;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// Auto-ban and allow-list (stalwart.md §2–3). A ban lives in memory and, when the store write
/// succeeds, in <c>blocked_ips</c>; a ban whose write failed is memory-only and vanishes on restart
/// (lesson 3: "a Stalwart restart flushes them"). Counters are in memory and are NOT reset by a ban
/// or an unban, so further malformed input from an unbanned IP re-arms the ban at once.
/// An allow-listed address (loopback included) is never auto-banned (the fail2ban checks test
/// <c>is_ip_allowed</c> first, v0.15.5 <c>crates/common/src/listener/blocked.rs</c>). Whether the allow-list
/// lifts an EXISTING ban depends on the version: 0.15's <c>is_ip_blocked</c> ignores it (same file, 257–267; issue
/// #2919), 0.16's checks <c>&amp;&amp; !is_ip_allowed</c> (v0.16.18 <c>crates/common/src/network/security.rs</c>). On 0.16
/// every trusted proxy network is allow-listed automatically, so a PROXY sender can never be banned there.
/// 0.15 keeps single banned addresses in a set <c>/api/reload/server.blocked-ip</c> rebuilds, and banned networks
/// in the core, which only the full <c>/api/reload</c> rebuilds (v0.15.5 <c>crates/common/src/manager/reload.rs</c>).
/// </summary>
internal sealed class BanBook(StandinConfig config, Store store, bool v016)
{

    private const int MaxCounterKeys = 10_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BanEntry> _banned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTime>> _counters = new(StringComparer.Ordinal);
    private List<IpNetwork> _allowed = [.. config.EnvAllowedIps, .. v016 ? config.TrustedProxies : []];

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
        if (v016 && IsAllowed(ip)) return false;
        var a = IpNetwork.Fold(ip);
        lock (_gate) return _banned.Values.Any(b => b.Network.Contains(a));
    }

    /// <summary>Malformed protocol input (bad SMTP/IMAP/HTTP; a failed TLS handshake is not counted, as in Stalwart): the scan category.</summary>
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

    /// <summary>"Reload blocked IPs": on 0.16 the memory set becomes exactly what the store holds; on 0.15 only the single
    /// addresses do, banned networks stay as the core last parsed them. With the store down the current set is kept.</summary>
    public Task ReloadBlockedAsync(CancellationToken ct) => ReloadBansAsync(singleAddressesOnly: !v016, ct);

    private async Task ReloadBansAsync(bool singleAddressesOnly, CancellationToken ct)
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
            foreach (var key in _banned.Where(b => !singleAddressesOnly || b.Value.Network.IsSingleAddress).Select(b => b.Key).ToList())
                _banned.Remove(key);
            foreach (var r in rows)
            {
                if (IpNetwork.TryParse(r.Address, out var net) && (!singleAddressesOnly || net!.IsSingleAddress))
                    _banned[net!.ToString()] = new BanEntry(net!, r.Reason, r.CreatedAt, Persisted: true);
            }
        }
    }

    /// <summary>
    /// Full reload: allow-list = env + <c>server.allowed-ip.*</c> settings, then every ban (networks too). Returns the
    /// configuration errors; with any error NOTHING is applied, as 0.15's <c>Server::reload</c> returns before building
    /// the core (v0.15.5 <c>crates/common/src/manager/reload.rs</c>). An entry that is not an address gives the parse
    /// error <c>Security::parse</c> records (<c>server.allowed-ip</c>: "Invalid IP address value …"); bans live in their own table and are valid by construction.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ReloadAllAsync(CancellationToken ct)
    {
        var errors = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var allowed = new List<IpNetwork>(config.EnvAllowedIps);
        if (v016) allowed.AddRange(config.TrustedProxies);
        try
        {
            foreach (var key in (await store.ReadSettingsAsync("server.allowed-ip.", ct)).Keys)
            {
                var value = key["server.allowed-ip.".Length..];
                if (IpNetwork.TryParse(value, out var net)) allowed.Add(net!);
                else errors["server.allowed-ip"] = InvalidAddress(value);
            }
            if (errors.Count > 0) return errors;
            lock (_gate) _allowed = allowed;
        }
        catch (StoreUnavailableException)
        {
            // Keep the current allow-list.
        }
        await ReloadBansAsync(singleAddressesOnly: false, ct);
        return errors;
    }

    // utils/src/config/utils.rs `impl ParseValue for IpAddr` and ipmask.rs `IpAddrMask::parse_value` @ v0.15.5.
    private static string InvalidAddress(string value) => value.Contains('/', StringComparison.Ordinal)
        ? $"Invalid IP address {System.Text.Json.JsonSerializer.Serialize(value)}"
        : $"Invalid IP address value {System.Text.Json.JsonSerializer.Serialize(value)}.";
}
