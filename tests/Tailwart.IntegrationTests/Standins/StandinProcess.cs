using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Tailwart.IntegrationTests.Standins;

/// <summary>
/// The Stalwart stand-in run as a real process (<c>dotnet stalwart-standin.dll</c>) on spare loopback ports,
/// with its own lab dir. Captures stderr lines; killed and cleaned up on dispose.
/// </summary>
public sealed class StandinProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly bool _ownsLabDir;

    private StandinProcess(Process process, StandinPorts ports, string labDir, bool ownsLabDir, string dbName)
    {
        DbName = dbName;
        _process = process;
        Ports = ports;
        LabDir = labDir;
        _ownsLabDir = ownsLabDir;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) _lines.Enqueue(e.Data);
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) _lines.Enqueue(e.Data);
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public StandinPorts Ports { get; }

    public string DbName { get; }

    public string LabDir { get; }

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Log => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public long LostWrites
    {
        get
        {
            var p = Path.Combine(LabDir, "state", "lost-writes");
            return File.Exists(p) ? long.Parse(File.ReadAllText(p).Trim(), CultureInfo.InvariantCulture) : 0;
        }
    }

    /// <summary>Writes lab control files, then starts the process and (unless told not to) waits for all listeners.</summary>
    public static async Task<StandinProcess> StartAsync(StandinOptions options, bool waitForListeners = true, CancellationToken ct = default)
    {
        var ownsLabDir = options.LabDir is null;
        var labDir = options.LabDir ?? Path.Combine(Path.GetTempPath(), "tailwart-standin-lab-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(labDir, "control"));
        File.WriteAllText(Path.Combine(labDir, "control", "api-generation"), options.Generation + "\n");
        File.WriteAllText(Path.Combine(labDir, "control", "db-failure-mode"), options.DbFailureMode + "\n");

        var ports = options.Ports ?? StandinPorts.Allocate();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(DllPath());
        var env = new Dictionary<string, string>
        {
            ["STALWART_DB_HOST"] = "127.0.0.1",
            ["STALWART_DB_PORT"] = options.DbPort.ToString(CultureInfo.InvariantCulture),
            ["STALWART_DB_NAME"] = options.DbName,
            ["STALWART_DB_USER"] = "stalwart",
            ["STALWART_DB_PASSWORD"] = PostgresCluster.Password,
            ["STALWART_DB_TIMEOUT"] = "3",
            ["STALWART_ADMIN_USER"] = "admin",
            ["STALWART_ADMIN_PASSWORD"] = StandinOptions.AdminPassword,
            ["STANDIN_HOSTNAME"] = "mail.lab.example",
            ["STANDIN_TRUSTED_PROXIES"] = options.TrustedProxies,
            ["STANDIN_PROXY_OVERRIDE_HTTP"] = options.AdminTrustedProxies ?? "",
            ["STANDIN_LAB_DIR"] = labDir,
            ["STANDIN_SCAN_BAN_COUNT"] = options.ScanBanCount.ToString(CultureInfo.InvariantCulture),
            ["STANDIN_IDLE_TIMEOUT_SECONDS"] = "10",
            ["STANDIN_PROXY_TIMEOUT_SECONDS"] = "3",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (k, v) in options.ExtraEnv) env[k] = v;
        foreach (var (id, port) in ports.All) env[$"STANDIN_PORT_{id}"] = port.ToString(CultureInfo.InvariantCulture);
        foreach (var (k, v) in env) psi.Environment[k] = v;

        var standin = new StandinProcess(Process.Start(psi)!, ports, labDir, ownsLabDir, options.DbName);
        if (waitForListeners)
        {
            await standin.WaitForAsync(l => l.Contains("listenerId = \"http\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30), ct);
        }
        return standin;
    }

    /// <summary>Waits until a log line matches; throws with the log so far when the deadline passes or the process died.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan deadline, CancellationToken ct = default)
    {
        var until = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < until)
        {
            var hit = _lines.FirstOrDefault(match);
            if (hit is not null) return hit;
            if (_process.HasExited)
            {
                await Task.Delay(200, ct);
                hit = _lines.FirstOrDefault(match);
                if (hit is not null) return hit;
                throw new InvalidOperationException($"stand-in exited ({_process.ExitCode}) before the awaited line:\n{Log}");
            }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"stand-in did not log the awaited line within {deadline}:\n{Log}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void ControlFile(string name, bool present)
    {
        var p = Path.Combine(LabDir, "control", name);
        if (present) File.WriteAllText(p, "");
        else File.Delete(p);
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        if (_ownsLabDir)
        {
            try
            {
                Directory.Delete(LabDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string DllPath()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "stalwart-standin.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "stalwart-standin.runtimeconfig.json"))) return local;
        // Fall back to the stand-in's own build output (same configuration as the tests).
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tailwart.sln"))) dir = dir.Parent;
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var built = Path.Combine(dir?.FullName ?? ".", "tests/lab/standins/Tailwart.Lab.Stalwart/bin", config, "net10.0", "stalwart-standin.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException("stalwart-standin.dll not built", built);
    }
}

/// <summary>How to start one stand-in.</summary>
public sealed record StandinOptions
{
    public const string AdminPassword = "lab-admin-pw";
    public required int DbPort { get; init; }
    public string DbName { get; init; } = "stalwart";
    public string Generation { get; init; } = "0.15";
    public string DbFailureMode { get; init; } = "exit";
    public string TrustedProxies { get; init; } = "127.0.0.0/8";

    /// <summary>
    /// The admin listener's own trusted networks (Stalwart's per-listener override). By default a documentation
    /// address no test connects from, so the tests' loopback admin calls need no PROXY header although loopback
    /// is a trusted proxy for the mail listeners. Null: no override, the global <see cref="TrustedProxies"/>
    /// cover 8080 as well, and a trusted peer without a PROXY header is dropped (CONTRACT.md B3).
    /// </summary>
    public string? AdminTrustedProxies { get; init; } = NoAdminProxyPeer;

    public const string NoAdminProxyPeer = "192.0.2.1/32";
    public int ScanBanCount { get; init; } = 1;
    public string? LabDir { get; init; }
    public StandinPorts? Ports { get; init; }
    public IReadOnlyDictionary<string, string> ExtraEnv { get; init; } = new Dictionary<string, string>();
}

/// <summary>Spare loopback ports, one per listener of either mode (0.15 binds the first seven, 0.16 drops
/// submission and imap and adds pop3s and sieve, as Stalwart 0.16's defaults do).</summary>
public sealed record StandinPorts(int Smtp, int Submission, int Submissions, int Imap, int Imaps, int Https, int Http, int Pop3s, int Sieve)
{
    public static StandinPorts Allocate()
    {
        var listeners = Enumerable.Range(0, 9).Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0)).ToList();
        foreach (var l in listeners) l.Start();
        var p = listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return new StandinPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    }

    public IEnumerable<(string Id, int Port)> All =>
    [
        ("SMTP", Smtp), ("SUBMISSION", Submission), ("SUBMISSIONS", Submissions), ("IMAP", Imap),
        ("IMAPS", Imaps), ("HTTPS", Https), ("HTTP", Http), ("POP3S", Pop3s), ("SIEVE", Sieve),
    ];
}
