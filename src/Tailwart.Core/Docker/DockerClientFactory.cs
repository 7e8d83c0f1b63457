using System.Net.Sockets;
using Docker.DotNet;

namespace Tailwart.Core.Docker;

/// <summary>
/// The one place a Docker client is built. Everything tailwart does to the stack goes through the
/// daemon's API socket, so a missing socket or a permission problem is reported once, here, with
/// the fix.
/// </summary>
internal static class DockerClientFactory
{
    /// <summary>The daemon socket on the edge box.</summary>
    public const string SocketPath = "/var/run/docker.sock";

    /// <summary>Builds a client for <see cref="SocketPath"/>; fails early with the fix when the socket cannot be used.</summary>
    /// <exception cref="UserFacingException">The socket is missing or not accessible to this user.</exception>
    public static DockerClient Create(string socketPath = SocketPath)
    {
        if (!File.Exists(socketPath))
            throw new UserFacingException($"Docker socket {socketPath} does not exist: is dockerd running? Start it (systemctl start docker) and retry.");
        return new DockerClientBuilder().WithEndpoint(new Uri("unix://" + socketPath)).Build();
    }

    /// <summary>Pings the daemon within <paramref name="timeout"/> and turns the usual failures into messages with a fix.</summary>
    public static async Task PingAsync(IDockerClient client, TimeSpan timeout, string socketPath = SocketPath, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await client.System.PingAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsPermissionDenied(e))
        {
            throw new UserFacingException($"permission denied on {socketPath}: run tailwart as root or add this user to the docker group (usermod -aG docker $USER, then log in again).", e);
        }
        catch (Exception e) when (e is SocketException or HttpRequestException or IOException)
        {
            throw new UserFacingException($"cannot talk to dockerd through {socketPath} ({e.Message}): is dockerd running? (systemctl status docker)", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new UserFacingException($"dockerd did not answer a ping on {socketPath} within {timeout.TotalSeconds:0} s: is it hung? (systemctl status docker)", e);
        }
    }

    private static bool IsPermissionDenied(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException { SocketErrorCode: SocketError.AccessDenied } or UnauthorizedAccessException)
                return true;
            if (x.Message.Contains("permission denied", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
