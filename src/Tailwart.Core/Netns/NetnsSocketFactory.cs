using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Tailwart.Core.Netns;

/// <summary>
/// Creates TCP sockets inside a container's network namespace with setns(2): a short-lived OS
/// thread enters the namespace of /proc/PID/ns/net, creates the socket, and goes back. A socket
/// belongs to the namespace it was created in for its whole life, so connect and all I/O can then
/// run on any thread, asynchronously, like any other socket. No thread-pool thread ever changes
/// namespace, and a thread that cannot get back home simply ends.
/// </summary>
/// <remarks>
/// Usable only when tailwart runs as root on dockerd's host, in its pid namespace: <see cref="TryCreate"/>
/// says why not otherwise, and callers fall back to an exec. Before each socket the pid is checked to
/// still belong to the container (its cgroup names the container id), so a sidecar that was restarted
/// or recreated since the inspect is never mistaken for the old one.
/// </remarks>
internal sealed class NetnsSocketFactory
{
    private const int AfInet = 2, AfInet6 = 10;
    private readonly long _pid;
    private readonly string _containerId;

    private NetnsSocketFactory(long pid, string containerId)
    {
        _pid = pid;
        _containerId = containerId;
    }

    /// <summary>The factory for <paramref name="pid"/>, or null with the reason it cannot be used here.</summary>
    public static NetnsSocketFactory? TryCreate(long pid, string containerId, out string? whyNot)
    {
        whyNot = null;
        if (!OperatingSystem.IsLinux())
            whyNot = "setns(2) is Linux only";
        else if (!Environment.IsPrivilegedProcess)
            whyNot = "tailwart is not root (setns needs CAP_SYS_ADMIN)";
        else if (pid <= 0)
            whyNot = "dockerd reported no pid for the sidecar";
        else if (BelongsTo(pid, containerId) is string problem)
            whyNot = problem;
        return whyNot is null ? new NetnsSocketFactory(pid, containerId) : null;
    }

    /// <summary>A new, unconnected TCP socket of <paramref name="family"/> in the container's netns.</summary>
    /// <exception cref="NetnsUnavailableException">The namespace cannot be entered (any more).</exception>
    public Task<Socket> CreateAsync(AddressFamily family, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        int domain = family == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet;
        var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A thread of its own, never a pool thread: while it is in the other namespace nothing else may run on it.
        var thread = new Thread(() => CreateOnThisThread(domain, result)) { IsBackground = true, Name = "tailwart-setns" };
        thread.UnsafeStart();
        return result.Task;
    }

    private void CreateOnThisThread(int domain, TaskCompletionSource<Socket> result)
    {
        try
        {
            // The target is opened before the ownership check: if the pid was reused in between, the
            // check sees the new owner and refuses, instead of vouching for a namespace it never saw.
            using SafeFileHandle target = File.OpenHandle($"/proc/{_pid.ToString(CultureInfo.InvariantCulture)}/ns/net");
            if (BelongsTo(_pid, _containerId) is string problem)
                throw new NetnsUnavailableException(problem);
            using SafeFileHandle home = File.OpenHandle("/proc/thread-self/ns/net");
            if (NativeNetns.SetNs((int)target.DangerousGetHandle(), NativeNetns.CloneNewNet) != 0)
                throw new NetnsUnavailableException($"setns into the sidecar's netns failed: errno {Marshal.GetLastPInvokeError()}");
            int fd = NativeNetns.Socket(domain, NativeNetns.SockStreamCloexec, NativeNetns.IpProtoTcp);
            int socketErrno = Marshal.GetLastPInvokeError();
            if (NativeNetns.SetNs((int)home.DangerousGetHandle(), NativeNetns.CloneNewNet) != 0)
            {
                // Stuck in the sidecar's namespace: this thread ends right after, so nothing else runs in it.
                if (fd >= 0)
                    result.TrySetResult(new Socket(new SafeSocketHandle(fd, ownsHandle: true)) { NoDelay = true });
                else
                    result.TrySetException(new NetnsUnavailableException($"socket(2) in the sidecar's netns failed: errno {socketErrno}"));
                return;
            }
            if (fd < 0)
                throw new NetnsUnavailableException($"socket(2) in the sidecar's netns failed: errno {socketErrno}");
            result.TrySetResult(new Socket(new SafeSocketHandle(fd, ownsHandle: true)) { NoDelay = true });
        }
        catch (Exception e) when (e is NetnsUnavailableException or IOException or UnauthorizedAccessException or SocketException)
        {
            result.TrySetException(e as NetnsUnavailableException ?? new NetnsUnavailableException($"cannot enter the sidecar's netns: {e.Message}", e));
        }
    }

    /// <summary>Null when /proc/PID is a process of the container (its cgroup path names the id); else why not.</summary>
    private static string? BelongsTo(long pid, string containerId)
    {
        try
        {
            string cgroup = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup");
            return containerId.Length >= 12 && cgroup.Contains(containerId, StringComparison.Ordinal)
                ? null
                : $"pid {pid} is not the sidecar's here (dockerd on another host or in another pid namespace, or the sidecar was restarted)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"pid {pid} cannot be read here ({e.Message}): dockerd on another host, or the sidecar has stopped";
        }
    }
}
