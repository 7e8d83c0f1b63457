using System.Runtime.InteropServices;

namespace Tailwart.Core.Netns;

/// <summary>The two Linux calls behind <see cref="NetnsSocketFactory"/>: setns(2) and socket(2), ints only.</summary>
internal static class NativeNetns
{
    /// <summary>setns(2)'s nstype for a network namespace.</summary>
    public const int CloneNewNet = 0x40000000;

    /// <summary>socket(2)'s type flags: a stream socket, closed on exec (no fd leaks into compose or docker children).</summary>
    public const int SockStreamCloexec = 1 | 0x80000;

    public const int IpProtoTcp = 6;

#pragma warning disable SYSLIB1054, CA5392 // ints only, nothing to marshal; libc is resolved by name on Linux
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static extern int SetNs(int fd, int nstype);

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static extern int Socket(int domain, int type, int protocol);
#pragma warning restore SYSLIB1054, CA5392
}
