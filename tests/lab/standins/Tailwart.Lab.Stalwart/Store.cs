using Npgsql;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// The PostgreSQL data store: three tables (settings, blocked_ips, certificates), a held pool of
/// <see cref="PoolSize"/> sessions whose <c>application_name</c> is <c>stalwart</c>. When the store is
/// disabled (degrade mode after a failed boot) or a write fails at runtime, the write is counted as
/// lost and the caller is told it did not persist — the API above still answers success, like the
/// seed's silently lost writes (lesson 1).
/// </summary>
internal sealed class Store : IAsyncDisposable
{
    public const int PoolSize = 4;
    private readonly NpgsqlDataSource? _source;
    private readonly LabControl _lab;

    private Store(NpgsqlDataSource? source, LabControl lab)
    {
        _source = source;
        _lab = lab;
    }

    public bool Available => _source is not null;

    public static Store Disabled(LabControl lab) => new(null, lab);

    /// <summary>Connects, fills the pool and creates the tables; throws on any failure.</summary>
    public static async Task<Store> OpenAsync(StandinConfig config, LabControl lab, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder
        {
            Host = config.DbHost,
            Port = config.DbPort,
            Database = config.DbName,
            Username = config.DbUser,
            Password = config.DbPassword,
            ApplicationName = "stalwart",
            Timeout = Math.Clamp(config.DbTimeoutSeconds, 1, 1024),
            CommandTimeout = 10,
            MinPoolSize = PoolSize,
            MaxPoolSize = PoolSize,
            Pooling = true,
        };
        var source = NpgsqlDataSource.Create(csb.ConnectionString);
        try
        {
            // Open the whole pool at once so the sessions show up in pg_stat_activity straight away.
            var conns = new List<NpgsqlConnection>();
            try
            {
                for (var i = 0; i < PoolSize; i++) conns.Add(await source.OpenConnectionAsync(ct));
                await using var cmd = conns[0].CreateCommand();
                cmd.CommandText = """
                    CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS blocked_ips (address TEXT PRIMARY KEY, reason TEXT NOT NULL,
                        created_at TIMESTAMPTZ NOT NULL DEFAULT now(), expires_at TIMESTAMPTZ);
                    CREATE TABLE IF NOT EXISTS certificates (id TEXT PRIMARY KEY, cert_pem TEXT NOT NULL,
                        key_pem TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
                    """;
                await cmd.ExecuteNonQueryAsync(ct);
            }
            finally
            {
                foreach (var c in conns) await c.DisposeAsync();
            }
            return new Store(source, lab);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    // ---- settings ----

    public async Task<SortedDictionary<string, string>> ReadSettingsAsync(string prefix, CancellationToken ct)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await ReadAsync("SELECT key, value FROM settings WHERE starts_with(key, $1)", [prefix],
            r => result[r.GetString(0)] = r.GetString(1), ct);
        return result;
    }

    public Task<bool> PutSettingsAsync(IReadOnlyList<KeyValuePair<string, string>> values, CancellationToken ct) =>
        WriteAsync($"settings insert {string.Join(",", values.Select(v => v.Key))}", async (conn, tx) =>
        {
            foreach (var (k, v) in values)
                await ExecAsync(conn, tx, "INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [k, v], ct);
        }, ct);

    public Task<bool> DeleteSettingsAsync(IReadOnlyList<string> keys, CancellationToken ct) =>
        WriteAsync($"settings delete {string.Join(",", keys)}", async (conn, tx) =>
        {
            foreach (var k in keys) await ExecAsync(conn, tx, "DELETE FROM settings WHERE key = $1", [k], ct);
        }, ct);

    // ---- bans ----

    public async Task<List<BanRecord>> ReadBansAsync(CancellationToken ct)
    {
        var list = new List<BanRecord>();
        await ReadAsync("SELECT address, reason, created_at FROM blocked_ips ORDER BY created_at, address", [],
            r => list.Add(new BanRecord(r.GetString(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2))), ct);
        return list;
    }

    public Task<bool> PutBanAsync(BanRecord ban, CancellationToken ct) =>
        WriteAsync($"blocked ip {ban.Address}", (conn, tx) =>
            ExecAsync(conn, tx, "INSERT INTO blocked_ips(address, reason, created_at) VALUES ($1, $2, $3) ON CONFLICT (address) DO NOTHING",
                [ban.Address, ban.Reason, ban.CreatedAt], ct), ct);

    public Task<bool> DeleteBanAsync(string address, CancellationToken ct) =>
        WriteAsync($"unblock ip {address}", (conn, tx) =>
            ExecAsync(conn, tx, "DELETE FROM blocked_ips WHERE address = $1", [address], ct), ct);

    // ---- certificates ----

    public async Task<List<CertRecord>> ReadCertificatesAsync(CancellationToken ct)
    {
        var list = new List<CertRecord>();
        await ReadAsync("SELECT id, cert_pem, key_pem FROM certificates ORDER BY id", [],
            r => list.Add(new CertRecord(r.GetString(0), r.GetString(1), r.GetString(2))), ct);
        return list;
    }

    public Task<bool> PutCertificateAsync(CertRecord cert, CancellationToken ct) =>
        WriteAsync($"certificate {cert.Id}", (conn, tx) =>
            ExecAsync(conn, tx, "INSERT INTO certificates(id, cert_pem, key_pem) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET cert_pem = EXCLUDED.cert_pem, key_pem = EXCLUDED.key_pem",
                [cert.Id, cert.CertPem, cert.KeyPem], ct), ct);

    public Task<bool> DeleteCertificateAsync(string id, CancellationToken ct) =>
        WriteAsync($"delete certificate {id}", (conn, tx) =>
            ExecAsync(conn, tx, "DELETE FROM certificates WHERE id = $1", [id], ct), ct);

    // ---- plumbing ----

    private async Task ReadAsync(string sql, object[] args, Action<NpgsqlDataReader> row, CancellationToken ct)
    {
        if (_source is null) return;
        try
        {
            await using var conn = await _source.OpenConnectionAsync(ct);
            await using var cmd = new NpgsqlCommand(sql, conn);
            foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) row(reader);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            StalwartLog.Error("PostgreSQL error", "store.postgresql-error", ("reason", DbFailureText.Reason(e)));
            throw new StoreUnavailableException(DbFailureText.Reason(e), e);
        }
    }

    private async Task<bool> WriteAsync(string what, Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken ct)
    {
        if (_source is null)
        {
            _lab.CountLostWrite(what);
            return false;
        }
        try
        {
            await using var conn = await _source.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await work(conn, tx);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            StalwartLog.Error("PostgreSQL error", "store.postgresql-error", ("reason", DbFailureText.Reason(e)));
            _lab.CountLostWrite(what);
            return false;
        }
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, object[] args, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null) await _source.DisposeAsync();
    }
}

internal sealed record BanRecord(string Address, string Reason, DateTimeOffset CreatedAt);

internal sealed record CertRecord(string Id, string CertPem, string KeyPem);

/// <summary>A read could not reach the store; callers keep their current in-memory state.</summary>
internal sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
