using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Tailwart.Core.Netns;

/// <summary>
/// Connections that originate inside the sidecar's network namespace, where Stalwart lives: the
/// place lesson 1 says the Postgres route must be proven, and later the way to reach Stalwart's
/// admin API on loopback and its TLS listeners directly.
/// </summary>
/// <remarks>
/// Why <c>docker exec &lt;sidecar&gt; nc HOST PORT</c> and not <c>setns(2)</c>: setns needs tailwart to
/// run as root on the same host as dockerd, the sidecar's PID to find /proc/PID/ns/net, and a
/// dedicated OS thread that never returns to the thread pool while switched (a .NET async
/// continuation can hop threads, so every socket call would need care). An exec goes over the same
/// API socket as everything else tailwart does, works as any docker-group user and through a remote
/// DOCKER_HOST, and the bytes really leave from the sidecar's netns (the server sees the sidecar's
/// address: verified-here.md). Its cost, ~0.3 s per connection for the exec set-up, is fine for
/// checks. Requires an <c>nc</c> in the sidecar image (busybox's is enough; Tailscale's image has one).
/// </remarks>
public sealed class NetnsConnector(IDockerClient docker, string containerId, TimeSpan? connectTimeout = null)
{
    /// <summary>Bound on nc's own connect (its -w), and on the exec set-up through the API.</summary>
    public TimeSpan ConnectTimeout { get; } = connectTimeout ?? TimeSpan.FromSeconds(3);

    /// <summary>The container whose netns the connections originate in.</summary>
    public string ContainerId => containerId;

    /// <summary>
    /// One raw byte stream to <paramref name="host"/>:<paramref name="port"/> from inside the netns.
    /// Returns as soon as nc runs; whether the remote connect worked shows when reading
    /// (EOF plus <see cref="NetnsStream.StandardError"/> on failure).
    /// </summary>
    public async Task<NetnsStream> ConnectAsync(string host, int port, CancellationToken ct = default)
    {
        // -w bounds nc's connect (a blackholed SYN would otherwise wait for the kernel, ~2 min);
        // argument array, so the host name can never be interpreted by a shell.
        string wait = Math.Max(1, (int)Math.Ceiling(ConnectTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var (pipe, execId) = await StartExecAsync(["nc", "-w", wait, host, port.ToString(CultureInfo.InvariantCulture)], ct).ConfigureAwait(false);
        return new NetnsStream(pipe, execId);
    }

    /// <summary>
    /// A loopback listener on an ephemeral port; each accepted connection is piped to
    /// <paramref name="host"/>:<paramref name="port"/> from inside the netns. Point a client
    /// (Npgsql, HttpClient, SslStream) at <see cref="NetnsEndpoint.LocalEndPoint"/>.
    /// </summary>
    public Task<NetnsEndpoint> OpenAsync(string host, int port, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(NetnsEndpoint.Start(this, host, port));
    }

    /// <summary>The exit code of a finished exec (e.g. the nc behind a <see cref="NetnsStream"/>); null while it runs.</summary>
    public async Task<long?> ExitCodeAsync(string execId, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        var inspect = await docker.Exec.InspectContainerExecAsync(execId, cts.Token).ConfigureAwait(false);
        return inspect.Running ? null : inspect.ExitCode;
    }

    /// <summary>Runs a short command in the sidecar and collects its output, within <paramref name="timeout"/>.</summary>
    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var (pipe, execId) = await StartExecAsync(command, cts.Token).ConfigureAwait(false);
        using (pipe)
        {
            pipe.CloseWrite();
            string stdout, stderr;
            try
            {
                (stdout, stderr) = await pipe.ReadOutputToEndAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new ExecResult(null, "", $"{command[0]} did not finish within {timeout.TotalSeconds:0.#} s");
            }
            var inspect = await docker.Exec.InspectContainerExecAsync(execId, cts.Token).ConfigureAwait(false);
            return new ExecResult(inspect.Running ? null : inspect.ExitCode, stdout, stderr);
        }
    }

    private async Task<(MultiplexedStream Pipe, string ExecId)> StartExecAsync(IReadOnlyList<string> command, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(ConnectTimeout + TimeSpan.FromSeconds(5));
        try
        {
            var created = await docker.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
            {
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                TTY = false,
                Cmd = [.. command],
            }, cts.Token).ConfigureAwait(false);
            var pipe = await docker.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { TTY = false }, cts.Token).ConfigureAwait(false);
            return (pipe, created.ID);
        }
        catch (DockerContainerNotFoundException e)
        {
            throw new NetnsUnavailableException($"the sidecar container {Short} no longer exists (recreated?): rediscover the stack.", e);
        }
        catch (DockerApiException e)
        {
            string body = e.ResponseBody?.Trim() ?? "";
            throw new NetnsUnavailableException($"cannot run {command[0]} in the sidecar {Short}: {Describe(body)}", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new NetnsUnavailableException($"dockerd did not start an exec in the sidecar {Short} within {(ConnectTimeout + TimeSpan.FromSeconds(5)).TotalSeconds:0} s.", e);
        }
    }

    private string Short => containerId.Length > 12 ? containerId[..12] : containerId;

    private static string Describe(string body)
    {
        if (body.Contains("is not running", StringComparison.OrdinalIgnoreCase))
            return "it is not running.";
        if (body.Contains("paused", StringComparison.OrdinalIgnoreCase))
            return "it is paused.";
        if (body.Contains("executable file not found", StringComparison.OrdinalIgnoreCase))
            return "the program is not in the sidecar image (tailwart needs busybox nc there).";
        var sb = new StringBuilder(body);
        return sb.Length > 300 ? sb.ToString(0, 300) + "…" : sb.ToString();
    }
}
