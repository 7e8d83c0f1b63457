using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
/// Two ways in. The general one is <c>docker exec &lt;sidecar&gt; nc HOST PORT</c>: it goes over the same
/// API socket as everything else tailwart does, works as any docker-group user and through a remote
/// DOCKER_HOST, resolves names with the sidecar's own resolver (MagicDNS, search domain: part of what
/// the Postgres route check proves), and the bytes really leave from the sidecar's netns (the server
/// sees the sidecar's address: verified-here.md). Its cost is one exec per connection, and dockerd
/// sets execs up one after another: ~50–100 ms each here, so a 36-handshake certificate sweep took
/// ~1.8 s however many ran at once (tests/bench/certs). It needs an <c>nc</c> in the sidecar image
/// (busybox's is enough; Tailscale's image has one).
/// The fast one, for address literals (Stalwart's listeners on 127.0.0.1), is a socket created in the
/// sidecar's netns with setns(2) on a throw-away thread (<see cref="NetnsSocketFactory"/>): no exec, no
/// relay, connect and TLS run like any local socket. It needs root on dockerd's host and the sidecar's
/// pid, which is why it is the fast path and not the only one; without them every connection takes
/// the exec, as before. Names always take the exec, so they resolve as the sidecar resolves them.
/// </remarks>
/// <param name="docker">The client that runs the execs.</param>
/// <param name="containerId">The sidecar's container.</param>
/// <param name="connectTimeout">Bound on nc's connect and on the exec set-up.</param>
/// <param name="pid">The sidecar's host pid from its inspect (0: unknown), for the setns fast path.</param>
/// <param name="remoteDaemon">The endpoint, when dockerd is not on this machine: its pids are not ours, so no setns.</param>
internal sealed class NetnsConnector(IDockerClient docker, string containerId, TimeSpan? connectTimeout = null, long pid = 0, string? remoteDaemon = null)
{
    private readonly Lazy<(NetnsSocketFactory? Factory, string? WhyNot)> _sockets = new(() => remoteDaemon is not null
        ? (null, $"dockerd is not on this machine ({remoteDaemon}), so its containers' namespaces cannot be entered")
        : (NetnsSocketFactory.TryCreate(pid, containerId, out string? whyNot), whyNot));

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

    /// <summary>Why address literals also take the exec (not root, no pid, another host…); null when setns is used.</summary>
    public string? FastPathUnavailableBecause => _sockets.Value.WhyNot;

    /// <summary>
    /// A byte stream to <paramref name="host"/>:<paramref name="port"/> from inside the netns: for an
    /// address literal a socket created in the netns (setns) and connected within <see cref="ConnectTimeout"/>,
    /// so a failed connect throws here; otherwise, or when setns is not possible, the nc exec of
    /// <see cref="ConnectAsync"/> (whose failures show on the first read).
    /// </summary>
    public async Task<Stream> ConnectStreamAsync(string host, int port, CancellationToken ct = default)
    {
        if (!IPAddress.TryParse(host, out IPAddress? address) || _sockets.Value.Factory is not { } factory)
            return await ConnectAsync(host, port, ct).ConfigureAwait(false);
        Socket socket = await factory.CreateAsync(address.AddressFamily, ct).ConfigureAwait(false);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(address, port, deadline.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no answer from {host}:{port} inside the sidecar's netns within {ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True when sockets can be made in the netns directly (setns): no exec per connection.</summary>
    public bool CanConnectDirectly => _sockets.Value.Factory is not null;

    /// <summary>
    /// One bare TCP connect to <paramref name="address"/>:<paramref name="port"/> from a socket made in
    /// the netns (setns), closed at once: null when it connected, else the socket's error
    /// (<see cref="SocketError.TimedOut"/> when nothing answered within <paramref name="timeout"/>).
    /// No bytes are sent, so PostgreSQL logs nothing for it (an empty startup packet is not logged since 13).
    /// </summary>
    /// <exception cref="InvalidOperationException">No fast path (see <see cref="CanConnectDirectly"/>).</exception>
    public async Task<SocketError?> TryConnectAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken ct = default)
    {
        var factory = _sockets.Value.Factory ?? throw new InvalidOperationException("no setns fast path: " + _sockets.Value.WhyNot);
        using Socket socket = await factory.CreateAsync(address.AddressFamily, ct).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(address, port, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return SocketError.TimedOut;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
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
