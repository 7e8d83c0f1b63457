using System.Diagnostics;
using System.Net;
using CliWrap;
using CliWrap.Buffered;
using DnsClient;
using Npgsql;

namespace Tailwart.Lab;

/// <summary>
/// The lab (tests/lab) as seen from C#: brings it up and down through its scripts, injects
/// faults, runs compose and commands inside the lab's containers, and exposes the endpoints of
/// <c>tailwart.lab.json</c> and <c>.state/lab.json</c>. All waits are bounded.
/// </summary>
public sealed class LabEnvironment
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(8);
    private LabTopology? _topology;

    private LabEnvironment(string labDirectory)
    {
        LabDirectory = labDirectory;
        Config = LabConfig.Load(ConfigPath);
    }

    /// <summary>tests/lab</summary>
    public string LabDirectory { get; }

    /// <summary>tests/lab/.state (generated; removed by <c>down</c>).</summary>
    public string StateDirectory => Path.Combine(LabDirectory, ".state");

    /// <summary>tests/lab/tailwart.lab.json</summary>
    public string ConfigPath => Path.Combine(LabDirectory, "tailwart.lab.json");

    /// <summary>tests/lab/compose</summary>
    public string ComposeDirectory => Config.ComposeProjectDirectory;

    /// <summary>The lab's tailwart config (endpoints, names, secret references).</summary>
    public LabConfig Config { get; }

    /// <summary>The lab's addresses as written by <c>up</c>; throws when the lab is not up.</summary>
    public LabTopology Topology => _topology ??= LabTopology.Load(Path.Combine(StateDirectory, "lab.json"));

    /// <summary>True when <c>up</c> has run and <c>down</c> has not.</summary>
    public bool IsUp => File.Exists(Path.Combine(StateDirectory, "lab.json"));

    /// <summary>Finds tests/lab: <c>TAILWART_LAB_DIR</c>, else upwards from the test binaries.</summary>
    public static LabEnvironment Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("TAILWART_LAB_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return new LabEnvironment(Path.GetFullPath(fromEnv));
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "lab");
            if (File.Exists(Path.Combine(candidate, "up")))
            {
                return new LabEnvironment(candidate);
            }
        }

        throw new DirectoryNotFoundException("tests/lab not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <c>tests/lab/up</c> (idempotent); <paramref name="started"/> adds <c>--started</c>.</summary>
    public async Task<LabCommandResult> UpAsync(bool started = false, CancellationToken ct = default)
    {
        var r = (await RunAsync(Path.Combine(LabDirectory, "up"), started ? ["--started"] : [], null, ScriptTimeout, ct))
            .EnsureSuccess("tests/lab/up");
        _topology = null;
        return r;
    }

    /// <summary>Runs <c>tests/lab/down</c>.</summary>
    public async Task<LabCommandResult> DownAsync(CancellationToken ct = default)
    {
        var r = (await RunAsync(Path.Combine(LabDirectory, "down"), [], null, ScriptTimeout, ct))
            .EnsureSuccess("tests/lab/down");
        _topology = null;
        return r;
    }

    /// <summary>Runs <c>tests/lab/fault NAME on|off</c>.</summary>
    public async Task<LabCommandResult> FaultAsync(string name, bool on, CancellationToken ct = default) =>
        (await RunAsync(Path.Combine(LabDirectory, "fault"), [name, on ? "on" : "off"], null, TimeSpan.FromMinutes(2), ct))
            .EnsureSuccess($"fault {name} {(on ? "on" : "off")}");

    /// <summary>Turns a fault on; disposing the result turns it off (use with <c>await using</c>).</summary>
    public async Task<LabFault> InjectAsync(string name, CancellationToken ct = default)
    {
        await FaultAsync(name, on: true, ct);
        return new LabFault(this, name);
    }

    /// <summary>Runs the compose CLI the lab uses (v2 when present, else v1) on the lab project.</summary>
    public Task<LabCommandResult> ComposeAsync(IReadOnlyList<string> args, IReadOnlyList<string>? extraFiles = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var files = Config.ComposeFiles.Concat(extraFiles ?? []).SelectMany(f => new[] { "-f", Path.Combine(ComposeDirectory, f) });
        var common = new[] { "--project-name", Config.ComposeProjectName, "--project-directory", ComposeDirectory }.Concat(files).Concat(args);
        return Topology.ComposeCommand == "docker compose"
            ? RunAsync("docker", ["compose", .. common], null, timeout ?? TimeSpan.FromMinutes(3), ct)
            : RunAsync("docker-compose", [.. common], null, timeout ?? TimeSpan.FromMinutes(3), ct);
    }

    /// <summary>
    /// Puts the stack back the way <c>up</c> leaves it: containers removed and created again,
    /// stopped, default compose files (<c>up --fresh-stack</c>).
    /// </summary>
    public async Task ResetStackAsync(CancellationToken ct = default) =>
        (await RunAsync(Path.Combine(LabDirectory, "up"), ["--fresh-stack"], null, ScriptTimeout, ct))
            .EnsureSuccess("tests/lab/up --fresh-stack");

    /// <summary>Starts one service through compose without its dependencies.</summary>
    public async Task StartServiceAsync(string service, CancellationToken ct = default) =>
        (await ComposeAsync(["up", "-d", "--no-deps", service], ct: ct)).EnsureSuccess($"compose up -d {service}");

    /// <summary>The id of a service's container (running or not), or null.</summary>
    public async Task<string?> ContainerIdAsync(string service, CancellationToken ct = default)
    {
        var r = await RunAsync("docker", ["ps", "-aq", "--filter", $"label=com.docker.compose.project={Config.ComposeProjectName}", "--filter", $"label=com.docker.compose.service={service}"], null, TimeSpan.FromSeconds(30), ct);
        var id = r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(id) ? null : id;
    }

    /// <summary><c>docker inspect -f FORMAT</c> on a service's container; empty when it has none.</summary>
    public async Task<string> InspectAsync(string service, string format, CancellationToken ct = default)
    {
        var id = await ContainerIdAsync(service, ct);
        if (id is null)
        {
            return "";
        }

        var r = await RunAsync("docker", ["inspect", "-f", format, id], null, TimeSpan.FromSeconds(30), ct);
        return r.StandardOutput.Trim();
    }

    /// <summary>Whether the service's container is running.</summary>
    public async Task<bool> IsRunningAsync(string service, CancellationToken ct = default) =>
        await InspectAsync(service, "{{.State.Running}}", ct) == "true";

    /// <summary>The sidecar's current address on the tailnet network, or null.</summary>
    public async Task<IPAddress?> SidecarTailnetAddressAsync(CancellationToken ct = default)
    {
        var s = await InspectAsync(Config.SidecarService, $"{{{{with index .NetworkSettings.Networks \"{Topology.TailnetNetwork}\"}}}}{{{{.IPAddress}}}}{{{{end}}}}", ct);
        return IPAddress.TryParse(s, out var ip) ? ip : null;
    }

    /// <summary>Runs a command inside a service's container (<c>docker exec -i</c>), optionally feeding stdin.</summary>
    public async Task<LabCommandResult> ExecAsync(string service, IReadOnlyList<string> command, string? stdin = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var id = await ContainerIdAsync(service, ct) ?? throw new InvalidOperationException($"service {service} has no container");
        return await RunAsync("docker", ["exec", "-i", id, .. command], stdin, timeout ?? TimeSpan.FromSeconds(30), ct);
    }

    /// <summary>A DNS client that asks the lab's DNS server (no cache).</summary>
    public LookupClient CreateDnsClient() =>
        new(new LookupClientOptions(Config.DnsResolver) { UseCache = false, Timeout = TimeSpan.FromSeconds(2), Retries = 1 });

    /// <summary>Npgsql connection string to the lab's PostgreSQL from the host (127.0.0.1).</summary>
    public string PostgresConnectionString(string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = Topology.PostgresHost.Address.ToString(),
        Port = Topology.PostgresHost.Port,
        Database = Config.PostgresDatabase,
        Username = Config.PostgresUser,
        Password = password ?? Config.ResolveSecret(Config.PostgresPasswordReference),
        Timeout = 5,
        Pooling = false,
        ApplicationName = "tailwart-lab-tests",
    }.ConnectionString;

    /// <summary>Polls <paramref name="condition"/> every 200 ms until true or the deadline; says what it waited for.</summary>
    public static async Task WaitUntilAsync(string what, Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (await condition(ct))
            {
                return;
            }

            if (sw.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:F0} s for {what}");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>Runs a program with a deadline; never throws on a non-zero exit.</summary>
    public static async Task<LabCommandResult> RunAsync(string program, IReadOnlyList<string> args, string? stdin, TimeSpan timeout, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var cmd = Cli.Wrap(program).WithArguments(args).WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(e => e.Set("CI", Environment.GetEnvironmentVariable("CI") ?? "true"));
        if (stdin is not null)
        {
            cmd = cmd.WithStandardInputPipe(PipeSource.FromString(stdin));
        }

        var sw = Stopwatch.StartNew();
        try
        {
            var r = await cmd.ExecuteBufferedAsync(cts.Token);
            return new LabCommandResult(r.ExitCode, r.StandardOutput, r.StandardError, sw.Elapsed);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:F0} s");
        }
    }
}
