using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tailwart.IntegrationTests.Standins;

/// <summary>
/// A throwaway PostgreSQL 15 cluster on a spare loopback port under /tmp, run as user <c>postgres</c>
/// (the host's server binaries). Each test gets its own database owned by role <c>stalwart</c>.
/// Stopped and deleted on dispose, also when a test failed.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string Password = "lab-only-pw";
    private static readonly string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tailwart-standin-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private int _databases;

    public int Port { get; } = FreePort();

    private string DataDir => Path.Combine(_dir, "data");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        await RunAsync("chown", ["postgres", _dir]);
        await RunAsPostgresAsync("initdb", ["-D", DataDir, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"]);
        await StartAsync();
        await using var conn = await AdminConnectionAsync();
        await using var cmd = new NpgsqlCommand($"CREATE ROLE stalwart LOGIN PASSWORD '{Password}'", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public Task StartAsync() =>
        RunAsPostgresAsync("pg_ctl", ["-D", DataDir, "-l", Path.Combine(_dir, "log"), "-w", "-t", "30",
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1", "start"]);

    public Task StopAsync() => RunAsPostgresAsync("pg_ctl", ["-D", DataDir, "-w", "-t", "30", "-m", "fast", "stop"]);

    /// <summary>A fresh database owned by <c>stalwart</c>.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "stalwart_" + Interlocked.Increment(ref _databases);
        await using var conn = await AdminConnectionAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} OWNER stalwart", conn);
        await cmd.ExecuteNonQueryAsync();
        return name;
    }

    public async Task<long> ScalarAsync(string database, string sql)
    {
        await using var conn = await AdminConnectionAsync(database);
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<NpgsqlConnection> AdminConnectionAsync(string database = "postgres")
    {
        var conn = new NpgsqlConnection($"Host={_dir};Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=10");
        await conn.OpenAsync();
        return conn;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync("pg_ctl", ["-D", DataDir, "-w", "-t", "30", "-m", "immediate", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Task RunAsPostgresAsync(string tool, string[] args) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDir, tool), .. args]);

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = p.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = p.StandardError.ReadToEndAsync(cts.Token);
        await p.WaitForExitAsync(cts.Token);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}{await stdout}");
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
